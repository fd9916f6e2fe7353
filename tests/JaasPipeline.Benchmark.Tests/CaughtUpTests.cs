namespace JaasPipeline.Benchmark.Tests;

/// <summary>"Every consumer has caught up" as read from /metrics and the broker's queues.</summary>
public sealed class CaughtUpTests
{
    private const string Exposition = """
        # TYPE jaas_outbox_backlog gauge
        jaas_outbox_backlog 0
        # TYPE jaas_outbox_published_total counter
        jaas_outbox_published_total{otel_scope_name="JaasPipeline.Ingress"} 1200
        jaas_deliveries_accepted_total 1200
        """;

    [Test]
    public void GaugeTheHostDoesNotExport_IsNotAvailableRatherThanZero()
    {
        Assert.That(MetricsScrape.Sum(Exposition, MetricsScrape.InMemoryUnsettledMetric), Is.Null);
        Assert.That(MetricsScrape.Sum(Exposition + "\njaas_inmemory_unsettled 3", MetricsScrape.InMemoryUnsettledMetric), Is.EqualTo(3));
        Assert.That(MetricsScrape.Sum(Exposition, MetricsScrape.PublishedMetric), Is.EqualTo(1200));
    }

    [Test]
    public void ProductionWithAMessageUnacked_IsNotCaughtUpUntilTheQueuesAreEmpty()
    {
        var ingress = new MetricsScrape(Accepted: 1200, Published: 1200, Backlog: 0, InMemoryUnsettled: null);

        Assert.That(new PipelineState(ingress, new QueueDepths(2, Ready: 0, Unacked: 1, InErrorQueues: 0)).CaughtUp(1200, Deployment.Production), Is.False);
        Assert.That(new PipelineState(ingress, new QueueDepths(2, Ready: 0, Unacked: 0, InErrorQueues: 0)).CaughtUp(1200, Deployment.Production), Is.True);
    }

    [Test]
    public void BacklogGaugeAtZeroBeforeEveryRowIsPublished_IsNotCaughtUp()
    {
        // The relay refreshes the backlog gauge at most once a second: a 0 may predate the last accepts.
        var ingress = new MetricsScrape(Accepted: 1200, Published: 1100, Backlog: 0, InMemoryUnsettled: 0);

        Assert.That(new PipelineState(ingress, null).CaughtUp(1200, Deployment.Embedded), Is.False);
    }

    [Test]
    public void EmbeddedWithMessagesUnsettled_IsNotCaughtUp()
    {
        var unsettled = new MetricsScrape(Accepted: 1200, Published: 1200, Backlog: 0, InMemoryUnsettled: 5);
        var settled = unsettled with { InMemoryUnsettled = 0 };

        Assert.That(new PipelineState(unsettled, null).CaughtUp(1200, Deployment.Embedded), Is.False);
        Assert.That(new PipelineState(settled, null).CaughtUp(1200, Deployment.Embedded), Is.True);
    }
}
