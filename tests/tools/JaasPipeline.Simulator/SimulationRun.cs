using System.Diagnostics;
using JaasPipeline.Traffic;
using Spectre.Console;

namespace JaasPipeline.Simulator;

/// <summary>
/// Plans the meetings, sends their deliveries with JaaS's habits switched on or off (duplicates, out-of-order delivery,
/// retries after a non-2xx), shows progress, prints what the pipeline should now report and, with <c>--verify</c>,
/// reads the services' APIs and compares.
/// </summary>
internal sealed class SimulationRun(SimulationSettings settings, TextWriter output, TextWriter? error = null)
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Refused = 2;

    /// <summary>What the pipeline should report for each meeting sent (filled by <see cref="RunAsync"/>).</summary>
    public IReadOnlyList<MeetingExpectation> Expected { get; private set; } = [];

    /// <summary>Deliveries planned, repeats included (filled by <see cref="RunAsync"/>).</summary>
    public int Deliveries { get; private set; }

    /// <summary>Requests sent so far, retries included.</summary>
    public long Requests => sender?.Sent ?? 0;

    private JaasSender? sender;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Served until the end of the run: the media-artifacts service downloads while --verify reads.
        await using var files = settings.ServeFiles ? await SimulatedFileServer.StartAsync() : null;
        var random = new Random(settings.Seed);
        var meetings = Enumerable.Range(0, settings.Meetings)
            .Select(_ => Meeting.Plan(random, DateTimeOffset.UtcNow, settings.Participants, files?.Address))
            .ToList();
        var plans = meetings.Select(meeting => (meeting.Expected, Deliveries: WithHabits(meeting, random))).ToList();
        var total = Deliveries = plans.Sum(plan => plan.Deliveries.Count);
        var webhooks = settings.Ingresses.Select(ingress => new Uri(ingress, Ingress.Webhooks.WebhookApi.Route)).ToList();
        await output.WriteLineAsync(
            $"Sending {total} deliveries of {meetings.Count} meetings to {string.Join(" and ", webhooks.Select(w => w.ToString()))} " +
            $"({(settings.Secret is null ? "unsigned" : "signed")}; {settings.Concurrency} meetings at once; " +
            $"{(settings.Rate is { } rate ? $"at most {rate:F0} requests/s; " : "")}duplicates {settings.Duplicates:P0}; " +
            $"{(settings.Shuffle ? "out of order" : "in order")}; {(settings.Retry ? "retries after a non-2xx" : "no retries")}; seed {settings.Seed})");

        using var client = LoopbackAddress.CreateClient(settings.Concurrency);
        using var sender = this.sender = new JaasSender(client, webhooks, settings.Secret, settings.Retry, settings.Rate);
        var started = Stopwatch.GetTimestamp();
        var sending = Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (plan, token) =>
            {
                foreach (var body in plan.Deliveries)
                {
                    await sender.SendAsync(body, token);
                }
            });
        await ShowProgressAsync(sending, sender, total, started);
        await sending;

        var elapsed = Stopwatch.GetElapsedTime(started);
        await output.WriteLineAsync($"Sent:      {sender.Sent} requests in {elapsed.TotalSeconds:F1} s; {sender.Answered2xx} of {total} deliveries answered 2xx, {sender.Failed} not");
        foreach (var (why, count) in sender.Failures.OrderByDescending(failure => failure.Value).ThenBy(failure => failure.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"  not 2xx: {why}: {count}");
        }

        var expected = plans.Select(plan => plan.Expected).ToList();
        Expected = expected;
        await PrintExpectedAsync(expected);
        if (!settings.Verify)
        {
            if (files is not null)
            {
                await WaitForDownloadsAsync(files, expected.Sum(e => e.Files.Count), cancellationToken);
            }

            return sender.Failed == 0 ? Succeeded : Failed;
        }

        var verification = new PipelineVerification(settings, output, error ?? output);
        var verified = await verification.RunAsync(expected, cancellationToken);
        return verified && sender.Failed == 0 ? Succeeded : Failed;
    }

    // Without --verify nothing else keeps the run alive while the media-artifacts service fetches the files.
    private async Task WaitForDownloadsAsync(SimulatedFileServer files, int expected, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (files.Served < expected && Stopwatch.GetElapsedTime(started) < settings.VerifyTimeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        await output.WriteLineAsync($"Files:     {files.Served} requests for the {expected} files served at {files.Address}");
    }

    /// <summary>A meeting's deliveries as JaaS might send them: some twice (same key, same bytes), maybe shuffled.</summary>
    private List<byte[]> WithHabits(Meeting meeting, Random random)
    {
        var bodies = new List<byte[]>();
        foreach (var delivery in meeting.Remaining)
        {
            bodies.Add(delivery.Body);
        }

        foreach (var body in bodies.ToList())
        {
            if (random.NextDouble() < settings.Duplicates)
            {
                bodies.Insert(random.Next(bodies.IndexOf(body) + 1, bodies.Count + 1), body);
            }
        }

        if (settings.Shuffle)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bodies));
        }

        return bodies;
    }

    // A progress bar with rate and time left on a terminal; a plain line a second when the output is redirected.
    private async Task ShowProgressAsync(Task sending, JaasSender sender, int total, long started)
    {
        string Status() =>
            $"{sender.Answered2xx + sender.Failed}/{total} answered, {sender.Failed} failed, " +
            $"{(sender.Answered2xx + sender.Failed) / Math.Max(0.001, Stopwatch.GetElapsedTime(started).TotalSeconds):F0}/s";

        if (!Console.IsOutputRedirected && ReferenceEquals(output, Console.Out))
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("deliveries", maxValue: total);
                    while (!sending.IsCompleted)
                    {
                        task.Value = sender.Answered2xx + sender.Failed;
                        task.Description = Status();
                        await Task.WhenAny(sending, Task.Delay(200));
                    }

                    task.Value = total;
                    task.Description = Status();
                });
            return;
        }

        while (!sending.IsCompleted)
        {
            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(1)));
            if (!sending.IsCompleted)
            {
                await output.WriteLineAsync($"  {Stopwatch.GetElapsedTime(started).TotalSeconds,5:F0} s | {Status()}");
            }
        }
    }

    private async Task PrintExpectedAsync(IReadOnlyList<MeetingExpectation> expected)
    {
        var reactions = expected.SelectMany(e => e.Reactions).GroupBy(r => r.Key).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Sum(r => r.Value)}");
        await output.WriteLineAsync("The pipeline should now report:");
        await output.WriteLineAsync($"  attendance:    {expected.Sum(e => e.AttendanceSeconds.Count)} participants, " +
                                    $"{expected.Sum(e => e.AttendanceSeconds.Values.Sum()) / 3600:F1} hours in all");
        await output.WriteLineAsync($"  transcription: {expected.Sum(e => e.TranscriptPhrases)} phrases in {expected.Count(e => e.TranscriptPhrases > 0)} meetings");
        await output.WriteLineAsync($"  analytics:     reactions {string.Join(", ", reactions)}");
        if (settings.ServeFiles)
        {
            var files = expected.SelectMany(e => e.Files).GroupBy(f => f.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
            await output.WriteLineAsync($"  media:         stored {string.Join(", ", files)}; analytics call quality of {expected.Sum(e => e.QualityReports)} statistics files");
        }

        await output.WriteLineAsync("  (per meeting with --verify)");
    }
}
