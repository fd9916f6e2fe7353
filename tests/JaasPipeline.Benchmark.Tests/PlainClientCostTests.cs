namespace JaasPipeline.Benchmark.Tests;

/// <summary>The broker's own cost is the plain client's CPU and the broker's per event; the deployment is compared with it broker included.</summary>
public sealed class PlainClientCostTests
{
    private static readonly CostRatio Deployment = new(
        CpuPerDelivery: 1_000e-6, SharedCpuPerDelivery: 600e-6, Deliveries: 10_000, CpuPerLiveRequest: 20e-6, LiveRequests: 100_000, "ingress");

    [Test]
    public void Ratio_IsTheDeploymentsCpuWithTheBrokerOverTheClientsAndTheBrokers()
    {
        // 1 CPU second of the client and 3 of the broker for 10,000 events: 400 µs per event; the deployment 1,600 µs.
        var plain = new PlainClientCost(10_000, 23_000, 4, 1_500, 5, ClientCpuSeconds: 1, BrokerCpuSeconds: 3, InboxRowsPerEvent: 2.3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.CpuPerEvent, Is.EqualTo(400e-6).Within(1e-12));
            Assert.That(plain.Ratio(Deployment), Is.EqualTo(4).Within(1e-9));
            Assert.That(plain.ToString(), Does.Contain("2.30 queue deliveries each (the pipeline's inbox rows per accepted delivery: 2.30)")
                .And.EndWith("client 100 µs + broker 300 µs = 400 µs CPU per event"));
        }
    }

    [Test]
    public void WithoutTheBrokersCpu_IsNoRatio()
    {
        var plain = new PlainClientCost(10_000, 23_000, 4, 1_500, 5, ClientCpuSeconds: 1, BrokerCpuSeconds: null, InboxRowsPerEvent: null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.Ratio(Deployment), Is.Null);
            Assert.That(plain.Ratio(Deployment with { SharedCpuPerDelivery = 0 }), Is.Null, "the deployment's side without the broker either");
            Assert.That(plain.ToString(), Does.Contain("broker not measured"));
        }
    }
}
