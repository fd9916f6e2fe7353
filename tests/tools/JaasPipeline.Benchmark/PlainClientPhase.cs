using JaasPipeline.Contracts;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Messaging;
using JaasPipeline.Traffic;
using RabbitMQ.Client;

namespace JaasPipeline.Benchmark;

/// <summary>
/// The broker's own cost (issue 22: production within 2x of it), measured in the same run after the end-to-end load:
/// <list type="number">
/// <item>copies of the envelopes the relay publishes are taken off the run's virtual host (<see cref="EnvelopeCapture"/>)
///   while whole meetings go through the ingress, until every event type of the measured run has been seen;</item>
/// <item>the deployment's service topology is copied into a virtual host of its own (<c>&lt;vhost&gt;-plain</c>,
///   deleted at the end): the same exchanges, the same durable quorum queues, the same bindings;</item>
/// <item>the measured run's accepted events, in order, each as a captured envelope of its event type and published to
///   its type's exchange, go through <see cref="PlainClientRun"/>: first up to <see cref="WarmupEvents"/> not counted,
///   then all of them, while this process's CPU (the plain client's) and the broker's are measured.</item>
/// </list>
/// </summary>
internal sealed class PlainClientPhase(
    BenchmarkSettings settings, HttpClient loadClient, HttpClient managementClient, LoadClock clock, DeploymentProcesses processes, TextWriter output)
{
    public const int WarmupEvents = 1_000;

    // Whole meetings are sent for the capture until every event type was seen, at most this many.
    private const int MostCaptureMeetings = 50;
    private const int CaptureConcurrency = 8;

    // The relay publishes within a second of the commit on an idle deployment: a minute means a message will not come.
    private static readonly TimeSpan CaptureTimeout = TimeSpan.FromMinutes(1);

    public async Task<PlainClientCost?> MeasureAsync(IReadOnlyList<SentDelivery> run, CommitReport? commits, CancellationToken cancellationToken)
    {
        var management = new BrokerManagement(managementClient, settings.Management, settings.BrokerUsername, settings.BrokerPassword);
        var topology = (await management.ReadTopologyAsync(settings.VirtualHost!, cancellationToken)).ServicePart();
        var samples = await CaptureAsync(topology, run.Select(d => d.EventType).ToHashSet(StringComparer.Ordinal), cancellationToken);
        if (samples is null)
        {
            return null;
        }

        var next = new Dictionary<string, int>(StringComparer.Ordinal);
        var events = run.Where(d => samples.ContainsKey(d.EventType)).Select(d =>
        {
            var ofType = samples[d.EventType];
            next[d.EventType] = next.GetValueOrDefault(d.EventType) + 1;
            return ofType[next[d.EventType] % ofType.Count];
        }).ToList();
        var missing = run.Count - events.Count;
        if (missing > 0)
        {
            await output.WriteLineAsync($"                 {missing} events of types the capture did not see are left out: " +
                                        string.Join(", ", run.Select(d => d.EventType).Distinct().Where(t => !samples.ContainsKey(t))));
        }

        var fanOut = topology.Exchanges.ToDictionary(e => e.Name, e => topology.QueuesReachedFrom(e.Name).Count, StringComparer.Ordinal);
        long Deliveries(IEnumerable<CapturedEnvelope> envelopes) => envelopes.Sum(e => (long)fanOut.GetValueOrDefault(e.Exchange));
        var warmup = events.Take(WarmupEvents).ToList();

        var virtualHost = settings.VirtualHost + "-plain";
        await management.CreateVirtualHostAsync(virtualHost, cancellationToken);
        try
        {
            await using var plain = await PlainClientRun.StartAsync(Factory(virtualHost), topology, (ushort)ServiceQueueSettings.PrefetchCount, cancellationToken);
            var batchSize = new RelayOptions().BatchSize;
            if (!await plain.PublishAndConsumeAsync(warmup, Deliveries(warmup), batchSize, settings.CatchUpTimeout, cancellationToken))
            {
                await output.WriteLineAsync("                 the plain client's warm-up was not consumed in time; not measured");
                return null;
            }

            var before = processes.SampleCpu();
            var consumed = await plain.PublishAndConsumeAsync(events, Deliveries(events), batchSize, settings.CatchUpTimeout, cancellationToken);
            var used = processes.Read(before);
            if (!consumed)
            {
                await output.WriteLineAsync($"                 the plain client's events were not all consumed within {settings.CatchUpTimeout.TotalSeconds:F0} s; not measured");
                return null;
            }

            var client = used.Processes.Single(p => p.Pid == Environment.ProcessId).CpuCores * used.Seconds ?? 0;
            double? broker = used.Shared.Any() ? used.Shared.Sum(p => p.CpuCores ?? 0) * used.Seconds : null;
            double? inboxRows = commits is null || run.Count == 0 ? null : (double)commits.RowsByConsumer.Values.Sum() / run.Count;
            return new PlainClientCost(
                events.Count, Deliveries(events), topology.Queues.Count, events.Average(e => e.Body.Length), used.Seconds, client, broker, inboxRows);
        }
        finally
        {
            await management.DeleteVirtualHostAsync(virtualHost, CancellationToken.None);
        }
    }

    /// <summary>
    /// Sends whole meetings (the benchmark's generator, its own seed) through the ingress until every event type of the
    /// run was accepted, and returns the envelopes the relay published for them, by event type; null if none came.
    /// </summary>
    private async Task<Dictionary<string, List<CapturedEnvelope>>?> CaptureAsync(
        BrokerTopology topology, IReadOnlySet<string> types, CancellationToken cancellationToken)
    {
        await using var connection = await Factory(settings.VirtualHost!).CreateConnectionAsync("benchmark: envelope capture", cancellationToken);
        await using var capture = await EnvelopeCapture.StartAsync(connection, topology, cancellationToken);
        var log = new DeliveryLog();
        var sender = new DeliverySender(loadClient, settings.Webhook, settings.Secret, clock, log);
        var random = new Random(settings.Seed);
        for (var meetings = 0; meetings < MostCaptureMeetings && !types.IsSubsetOf(log.Accepted.Select(d => d.EventType)); meetings++)
        {
            var meeting = Meeting.Plan(random, DateTimeOffset.UtcNow);
            await Parallel.ForEachAsync(
                meeting.Remaining.ToList(), new ParallelOptions { MaxDegreeOfParallelism = CaptureConcurrency, CancellationToken = cancellationToken },
                async (delivery, token) => await sender.SendAsync(delivery, LoadClock.Now, token));
        }

        var accepted = log.Accepted.ToDictionary(d => JaasMessageId.FromIdempotencyKey(d.IdempotencyKey), d => d.EventType);
        var complete = await capture.WaitForAsync(accepted.Keys, CaptureTimeout, cancellationToken);
        var samples = capture.Taken.Where(t => accepted.ContainsKey(t.Key))
            .GroupBy(t => accepted[t.Key], t => t.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        await output.WriteLineAsync($"Broker alone:    captured {samples.Values.Sum(s => s.Count)} envelopes the relay published for {log.AcceptedCount} deliveries " +
                                    $"of whole meetings ({samples.Count} event types{(complete ? "" : $"; {accepted.Count - capture.Taken.Count} not seen in time")})");
        return samples.Count > 0 ? samples : null;
    }

    private ConnectionFactory Factory(string virtualHost) => new()
    {
        HostName = settings.Management.Host,
        Port = settings.AmqpPort,
        VirtualHost = virtualHost,
        UserName = settings.BrokerUsername,
        Password = settings.BrokerPassword,
    };
}
