using System.Diagnostics.Metrics;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Ingress.RoomSettings;

namespace JaasPipeline.Ingress;

/// <summary>The ingress's counters and gauges (meter <c>JaasPipeline.Ingress</c>, exported on <c>/metrics</c>).</summary>
public sealed class IngressMetrics
{
    public const string MeterName = "JaasPipeline.Ingress";

    private readonly TimeProvider clock;
    private readonly Counter<long> settingsCalls;
    private readonly Histogram<double> settingsDuration;

    /// <summary>Seconds: 50 µs to 1 s.</summary>
    public static readonly double[] SettingsDurationBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
    private long outboxBacklog;
    private long oldestPendingReceivedAtMs = -1;
    private Func<long>? bodyBytesInFlight;

    public IngressMetrics(IMeterFactory meters, TimeProvider clock)
    {
        this.clock = clock;
        var meter = meters.Create(MeterName);
        Accepted = meter.CreateCounter<long>("jaas_deliveries_accepted", description: "Deliveries committed to the outbox");
        Duplicates = meter.CreateCounter<long>("jaas_deliveries_duplicate", description: "Repeats of an accepted idempotency key with the same body");
        Conflicts = meter.CreateCounter<long>("jaas_deliveries_conflict", description: "Repeats of an accepted idempotency key with a different body");
        Refused = meter.CreateCounter<long>("jaas_deliveries_refused", description: "Deliveries answered with an error, by reason");
        SignatureFailures = meter.CreateCounter<long>("jaas_signature_failures", description: "Deliveries whose signature did not verify, by reason");
        Published = meter.CreateCounter<long>("jaas_outbox_published", description: "Outbox rows published to the bus");
        PublishFailures = meter.CreateCounter<long>("jaas_outbox_publish_failures", description: "Relay rounds that failed (broker or database down)");
        Unroutable = meter.CreateCounter<long>("jaas_outbox_unroutable", description: "Publishes RabbitMQ returned because no queue is bound for the event type, by event_type");
        Parked = meter.CreateCounter<long>("jaas_outbox_parked", description: "Outbox rows that cannot be published and wait for an operator");
        BusRenewals = meter.CreateCounter<long>("jaas_outbox_bus_renewals", description: "Times the relay started the bus again because publishes were stuck past their timeout");
        settingsCalls = meter.CreateCounter<long>("jaas_settings_provisioning_calls", description: "Settings-provisioning calls, by outcome and by the most specific rule level that answered");
        // An answer takes tens of microseconds: OpenTelemetry's default buckets (0, 5, 10, … 10,000) would put every
        // call in the first one, so the histogram says where a sub-millisecond answer falls.
        settingsDuration = meter.CreateHistogram<double>(
            "jaas_settings_provisioning_duration", unit: "s", description: "Time to answer a settings-provisioning call",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SettingsDurationBuckets });
        meter.CreateObservableGauge("jaas_outbox_backlog", () => Interlocked.Read(ref outboxBacklog), description: "Outbox rows not yet published");
        // Computed at scrape time, so it keeps growing if the relay stops looking: a stuck relay shows, not just a busy one.
        meter.CreateObservableGauge("jaas_outbox_oldest_pending_age_seconds", OldestPendingAgeSeconds,
            unit: "s", description: "Age of the oldest outbox row not yet published (0 when none)");
        meter.CreateObservableGauge("jaas_deliveries_in_flight", () => bodyBytesInFlight?.Invoke() ?? 0,
            unit: "By", description: "Bytes of delivery bodies reserved against Ingress:MaxBodyBytesInFlight (each at its Content-Length)");
    }

    public Counter<long> Accepted { get; }
    public Counter<long> Duplicates { get; }
    public Counter<long> Conflicts { get; }
    public Counter<long> Refused { get; }
    public Counter<long> SignatureFailures { get; }
    public Counter<long> Published { get; }
    public Counter<long> PublishFailures { get; }
    public Counter<long> Unroutable { get; }
    public Counter<long> Parked { get; }
    public Counter<long> BusRenewals { get; }

    public void RecordSettingsCall(string outcome, RuleLevel level, TimeSpan elapsed)
    {
        settingsCalls.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("level", LevelName(level)));
        settingsDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    private static string LevelName(RuleLevel level) => level switch
    {
        RuleLevel.Exact => "exact",
        RuleLevel.Pattern => "pattern",
        RuleLevel.AppDefault => "app_default",
        RuleLevel.Global => "global",
        _ => "none",
    };

    /// <summary>Where <c>jaas_deliveries_in_flight_bytes</c> is read from at scrape time.</summary>
    public void ObserveBodyBytesInFlight(Func<long> read) => bodyBytesInFlight = read;

    public void SetOutboxBacklog(OutboxBacklog backlog)
    {
        Interlocked.Exchange(ref outboxBacklog, backlog.Rows);
        Interlocked.Exchange(ref oldestPendingReceivedAtMs, backlog.OldestReceivedAt?.ToUnixTimeMilliseconds() ?? -1);
    }

    private double OldestPendingAgeSeconds()
    {
        var oldest = Interlocked.Read(ref oldestPendingReceivedAtMs);
        return oldest < 0 ? 0 : Math.Max(0, (clock.GetUtcNow().ToUnixTimeMilliseconds() - oldest) / 1000.0);
    }
}
