using System.Diagnostics.Metrics;

namespace JaasPipeline.Data;

/// <summary>Counters of the shared data pieces (meter <c>JaasPipeline.Data</c>, exported on <c>/metrics</c>).</summary>
public sealed class RetentionMetrics
{
    public const string MeterName = "JaasPipeline.Data";

    public RetentionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        RowsDeleted = meter.CreateCounter<long>("jaas_retention_deleted_rows", description: "Rows deleted by retention because they were older than their table's retention");
        PassFailures = meter.CreateCounter<long>("jaas_retention_failures", description: "Retention passes that failed and will be tried again after the interval");
    }

    /// <summary>Rows deleted by retention, tagged <c>database</c> and <c>table</c>.</summary>
    public Counter<long> RowsDeleted { get; }

    /// <summary>Retention passes that failed (database down, lock timeout...), tagged <c>database</c>.</summary>
    public Counter<long> PassFailures { get; }
}
