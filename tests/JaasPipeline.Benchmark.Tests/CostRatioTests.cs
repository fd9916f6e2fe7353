namespace JaasPipeline.Benchmark.Tests;

/// <summary>The cost ratio divides the deployment's CPU per delivery by the ingress's CPU per /health/live request.</summary>
public sealed class CostRatioTests
{
    // Two own processes (1.5 and 0.5 cores for 10 s = 20 CPU seconds); the shared broker (8 CPU seconds) counted apart,
    // this benchmark (the process running the test) not at all.
    private static readonly ResourceUse Load = new(
        [
            new ProcessPeak("ingress", 1, true, 100_000, 90_000, 1.5),
            new ProcessPeak("attendance", 2, true, 80_000, 70_000, 0.5),
            new ProcessPeak("rabbitmq-server", 3, false, 200_000, 200_000, 0.8),
            new ProcessPeak("benchmark (this process)", Environment.ProcessId, false, 50_000, 50_000, 0.9),
        ],
        MachineBusyCores: 2.0,
        Seconds: 10);

    [Test]
    public void Ratio_IsTheDeploymentsCpuPerDeliveryOverTheCpuPerLiveRequest()
    {
        var cost = CostRatio.Of(Load, deliveries: 40_000, new LiveBaseline(Requests: 200_000, CpuSeconds: 4, "ingress"))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cost.CpuPerDelivery, Is.EqualTo(500e-6).Within(1e-12), "20 CPU seconds / 40,000 deliveries");
            Assert.That(cost.CpuPerLiveRequest, Is.EqualTo(20e-6).Within(1e-12), "4 CPU seconds / 200,000 requests");
            Assert.That(cost.Ratio, Is.EqualTo(25).Within(1e-9));
            Assert.That(cost.RatioWithShared, Is.EqualTo(35).Within(1e-9), "the broker's 8 CPU seconds add 200 µs per delivery");
            Assert.That(cost.ToString(), Does.Contain("500 µs CPU per delivery").And.Contain("20.0 µs per /health/live request (ingress")
                .And.Contain("= 25.0x;").And.EndWith("(the broker's, 200 µs per delivery) 35.0x"));
        }
    }

    [Test]
    public void NothingToDivide_IsNoRatio()
    {
        var baseline = new LiveBaseline(200_000, 4, "ingress");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(CostRatio.Of(Load, deliveries: 0, baseline), Is.Null, "no delivery");
            Assert.That(CostRatio.Of(Load, deliveries: 40_000, baseline: null), Is.Null, "no process answering /health/live");
            Assert.That(CostRatio.Of(Load, deliveries: 40_000, new LiveBaseline(0, 4, "ingress")), Is.Null, "no request answered");
            Assert.That(CostRatio.Of(Load with { Processes = [.. Load.Processes.Where(p => !p.CountsForTargets)] }, 40_000, baseline), Is.Null,
                "no deployment process given");
        }
    }
}
