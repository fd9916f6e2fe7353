using System.Diagnostics.Metrics;

namespace JaasPipeline.Data;

/// <summary>Counters of the shared data pieces (meter <c>JaasPipeline.Data</c>, exported on <c>/metrics</c>).</summary>
public static class RetentionMetrics
{
    public const string MeterName = "JaasPipeline.Data";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Rows deleted by retention, tagged <c>database</c> and <c>table</c>.</summary>
    public static readonly Counter<long> RowsDeleted =
        Meter.CreateCounter<long>("jaas_retention_deleted_rows", description: "Rows deleted by retention because they were older than their table's retention");

    /// <summary>Retention passes that failed (database down, lock timeout...), tagged <c>database</c>.</summary>
    public static readonly Counter<long> PassFailures =
        Meter.CreateCounter<long>("jaas_retention_failures", description: "Retention passes that failed and will be tried again after the interval");
}
