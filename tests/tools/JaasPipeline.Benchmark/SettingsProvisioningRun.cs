using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using JaasPipeline.Ingress.RoomSettings;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Operations;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Traffic;

namespace JaasPipeline.Benchmark;

/// <summary>
/// The settings-provisioning benchmark: seeds room rules at every level through the admin API, then measures
/// <c>POST /settings-provisioning</c> three ways against the same running server: an open loop at a fixed offered rate
/// (latency from each call's due time), a closed loop (the most calls it answers), and the same closed loop against
/// <c>/health/live</c>, so the closed-loop rate can be read as a fraction of what the server does with no work at all.
/// </summary>
internal sealed class SettingsProvisioningRun(SettingsBenchmarkSettings settings, TextWriter output, TextWriter? error = null)
{
    private const int Apps = 20;
    private const int ExactRoomsPerApp = 25;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var client = LoopbackAddress.CreateClient(settings.Connections);
        var endpoint = new Uri(settings.BaseUrl, SettingsProvisioningApi.Route);
        var live = new Uri(settings.BaseUrl, "/health/live");
        await output.WriteLineAsync($"Target:      {endpoint} ({(settings.Secret is null ? "unsigned" : "signed")})");
        if (!await SeedRulesAsync(client, cancellationToken))
        {
            return BenchmarkRun.Failed;
        }

        var calls = new SettingsCalls(client, endpoint, settings.Secret, settings.Seed);
        await ClosedLoopLoad.RunAsync(sent => calls.SendAsync(sent, cancellationToken), settings.Connections, new LoadLimits(TimeSpan.FromMinutes(5), settings.Warmup), cancellationToken);
        await output.WriteLineAsync($"Warm-up:     {settings.Warmup} calls (not counted), {calls.Failures} failed");

        var open = new SettingsCalls(client, endpoint, settings.Secret, settings.Seed);
        var limits = new LoadLimits(settings.Duration, 0);
        var metrics = new Uri(settings.BaseUrl, "/metrics");
        var serverBefore = await ServerLatencyHistogram.ReadAsync(client, metrics, cancellationToken);
        var lag = await OpenLoopLoad.RunAsync(due => open.SendAsync(due, cancellationToken), settings.Rate, limits, cancellationToken);
        var serverAfter = await ServerLatencyHistogram.ReadAsync(client, metrics, cancellationToken);
        await output.WriteLineAsync($"Open loop:   {settings.Rate:F0} calls/s offered for {settings.Duration.TotalSeconds:F0} s: {open.Answered} answered, " +
                                    $"{open.Failures} failed; generator lag at worst {lag.TotalMilliseconds:F1} ms");
        await output.WriteLineAsync($"  latency from scheduled time (ms): {open.Latencies.Summarize()}");
        await output.WriteLineAsync($"  latency from dispatch (ms):       {open.DispatchedLatencies.Summarize()}");
        await output.WriteLineAsync($"  in the server (its jaas_settings_provisioning_duration histogram, bucket bounds): 50 % within " +
                                    $"{serverAfter.BoundMs(serverBefore, 0.50):0.###} ms, 99 % within {serverAfter.BoundMs(serverBefore, 0.99):0.###} ms");

        var closed = new SettingsCalls(client, endpoint, settings.Secret, settings.Seed);
        var closedRate = await ClosedRateAsync(sent => closed.SendAsync(sent, cancellationToken), () => closed.Answered, cancellationToken);
        await output.WriteLineAsync($"Closed loop: {settings.Connections} connections, {settings.Duration.TotalSeconds:F0} s: {closedRate:F0} calls/s, " +
                                    $"{closed.Failures} failed; latency (ms): {closed.Latencies.Summarize()}");

        var liveCalls = new LivenessCalls(client, live);
        var liveRate = await ClosedRateAsync(sent => liveCalls.SendAsync(sent, cancellationToken), () => liveCalls.Answered, cancellationToken);
        await output.WriteLineAsync($"/health/live closed loop, same connections and duration: {liveRate:F0} calls/s, {liveCalls.Failures} failed; " +
                                    $"latency (ms): {liveCalls.Latencies.Summarize()}");
        await output.WriteLineAsync($"Ratio:       settings-provisioning answers {closedRate / liveRate:P0} of /health/live's closed-loop rate");

        var failed = open.Failures + closed.Failures + calls.Failures;
        return failed == 0 ? BenchmarkRun.Succeeded : BenchmarkRun.Failed;
    }

    private async Task<double> ClosedRateAsync(Func<long, Task> send, Func<long> answered, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await ClosedLoopLoad.RunAsync(send, settings.Connections, new LoadLimits(settings.Duration, 0), cancellationToken);
        return answered() / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// A global default, and for each app a default, two globs and exact rooms, so calls are answered from every level
    /// (and some rooms from none). The rule count is what a large account might keep, not a stress of the matcher.
    /// </summary>
    private async Task<bool> SeedRulesAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var rules = new List<(string App, string Room, string Body)> { ("*", "*", """{"visitorsEnabled":false}""") };
        for (var app = 0; app < Apps; app++)
        {
            rules.Add(($"app{app}", "*", """{"lobbyEnabled":true}"""));
            rules.Add(($"app{app}", "board-*", """{"maxOccupants":20,"lobbyType":"WAIT_FOR_MODERATOR"}"""));
            rules.Add(($"app{app}", "board-secret-*", """{"passcode":"4242"}"""));
            for (var room = 0; room < ExactRoomsPerApp; room++)
            {
                rules.Add(($"app{app}", $"room-{room}", $$"""{"maxOccupants":{{2 + room}},"transcriberType":"EGHT_WHISPER"}"""));
            }
        }

        foreach (var (app, room, body) in rules)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(settings.BaseUrl, $"/api/room-settings/{app}/{Uri.EscapeDataString(room)}"))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(ApiOptions.KeyHeader, settings.Keys.For(ServiceKeys.Ingress)!);
            var where = $"ingress at {request.RequestUri!.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)}";
            string? refusal;
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                refusal = response.IsSuccessStatusCode ? null
                    : $"answered {(int)response.StatusCode} {ProblemLine.Of(await response.Content.ReadAsStringAsync(cancellationToken))} " +
                      $"(the key from {settings.Keys.SourceOf(ServiceKeys.Ingress)}: is it one of the ingress's Api:Keys?)";
            }
            catch (HttpRequestException e)
            {
                refusal = $"did not answer: {e.HttpRequestError} ({(e.InnerException ?? e).Message})";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                refusal = $"did not answer within {client.Timeout.TotalSeconds:F0} s";
            }

            if (refusal is not null)
            {
                await (error ?? output).WriteLineAsync($"Seeding the rules: {where} {refusal}; nothing measured");
                return false;
            }
        }

        await output.WriteLineAsync($"Rules:       {rules.Count} seeded ({Apps} apps: app default, 2 globs, {ExactRoomsPerApp} exact rooms each; one global default)");
        return true;
    }

    /// <summary>Calls for rooms drawn across every rule level; counts answers and failures, records latency.</summary>
    private sealed class SettingsCalls(HttpClient client, Uri endpoint, string? secret, int seed)
    {
        private readonly Random random = new(seed);
        private readonly Lock gate = new();
        private long answered;
        private long failures;

        /// <summary>From each call's scheduled time (open loop) or its start (closed loop).</summary>
        public LatencyRecorder Latencies { get; } = new();

        /// <summary>From the moment the call was handed to the HTTP client, which includes waiting for a free
        /// connection: the scheduled time minus this generator's own timer error (about 1 ms, see docs/benchmarks.md).</summary>
        public LatencyRecorder DispatchedLatencies { get; } = new();

        public long Answered => Interlocked.Read(ref answered);

        public long Failures => Interlocked.Read(ref failures);

        public async Task SendAsync(long intended, CancellationToken cancellationToken)
        {
            var dispatched = Stopwatch.GetTimestamp();
            var body = Encoding.UTF8.GetBytes($$"""{"fqn":"{{NextFqn()}}"}""");
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            if (secret is not null)
            {
                request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
            }

            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var answeredAt = Stopwatch.GetTimestamp();
                Latencies.Record(Stopwatch.GetElapsedTime(intended, answeredAt));
                DispatchedLatencies.Record(Stopwatch.GetElapsedTime(dispatched, answeredAt));
                Interlocked.Increment(ref response.StatusCode == HttpStatusCode.OK ? ref answered : ref failures);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }
        }

        // 40 % exact rooms, 30 % globs, 20 % other rooms of known apps (app default), 10 % unknown apps (global or none).
        private string NextFqn()
        {
            int draw, app, room;
            lock (gate)
            {
                draw = random.Next(100);
                app = random.Next(Apps);
                room = random.Next(1_000);
            }

            return draw switch
            {
                < 40 => $"app{app}/room-{room % ExactRoomsPerApp}",
                < 60 => $"app{app}/board-{room}",
                < 70 => $"app{app}/board-secret-{room}",
                < 90 => $"app{app}/standup-{room}",
                _ => $"unknown{room}/room-{room}",
            };
        }
    }

    /// <summary>GETs /health/live, the baseline of what the server answers with no work.</summary>
    private sealed class LivenessCalls(HttpClient client, Uri live)
    {
        private long answered;
        private long failures;

        public LatencyRecorder Latencies { get; } = new();

        public long Answered => Interlocked.Read(ref answered);

        public long Failures => Interlocked.Read(ref failures);

        public async Task SendAsync(long intended, CancellationToken cancellationToken)
        {
            try
            {
                using var response = await client.GetAsync(live, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                Latencies.Record(Stopwatch.GetElapsedTime(intended));
                Interlocked.Increment(ref response.IsSuccessStatusCode ? ref answered : ref failures);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }
}
