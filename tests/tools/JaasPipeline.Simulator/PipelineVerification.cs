using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using JaasPipeline.MediaArtifacts;
using JaasPipeline.Operations;
using JaasPipeline.Traffic;

namespace JaasPipeline.Simulator;

/// <summary>
/// Reads each meeting back through the services' read APIs and compares it with what was sent: attendance seconds per
/// participant (phone callers and breakout moves included), transcript phrases, live reactions, speaking time, poll
/// votes, feedback and recording time. The consumers run asynchronously, so it reads again until everything
/// agrees, an artifact ends in a status it never leaves (failed, expired, rejected) or the deadline passes, then prints
/// every difference. A read API that refuses (401, 403 …) or does not answer stops it at once with one line on
/// <c>error</c> (default: the output).
/// </summary>
internal sealed class PipelineVerification(SimulationSettings settings, TextWriter output, TextWriter? error = null)
{
    // Statuses an artifact never leaves without being stored: waiting longer cannot make it agree.
    private static readonly HashSet<string> Final = [ArtifactStatus.Failed, ArtifactStatus.Expired, ArtifactStatus.Rejected];

    public async Task<bool> RunAsync(IReadOnlyList<MeetingExpectation> expected, CancellationToken cancellationToken)
    {
        using var client = LoopbackAddress.CreateClient(connections: 4);
        var started = Stopwatch.GetTimestamp();
        List<string> differences;
        var settled = new List<string>();
        try
        {
            while (true)
            {
                differences = [];
                settled.Clear();
                foreach (var meeting in expected)
                {
                    differences.AddRange(await DifferencesAsync(client, meeting, settled, cancellationToken));
                }

                if (differences.Count == 0 || settled.Count > 0 || Stopwatch.GetElapsedTime(started) > settings.VerifyTimeout)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (ReadApiFailure failure)
        {
            await (error ?? output).WriteLineAsync($"Verify stopped: {failure.Message}");
            return false;
        }

        if (settled.Count > 0)
        {
            await output.WriteLineAsync($"Verify FAILED after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s: {settled.Count} files ended without being stored (not waiting for the rest)");
            foreach (var line in settled.Take(50))
            {
                await output.WriteLineAsync("  " + line);
            }

            return false;
        }

        if (differences.Count == 0)
        {
            await output.WriteLineAsync($"Verified:  all {expected.Count} meetings agree (attendance, transcripts, reactions, speakers, polls, feedback, recordings{(settings.ServeFiles ? ", stored files, call quality" : "")}), " +
                                        $"{Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s after the last send");
            return true;
        }

        await output.WriteLineAsync($"Verify FAILED after {settings.VerifyTimeout.TotalSeconds:F0} s: {differences.Count} differences");
        foreach (var difference in differences.Take(50))
        {
            await output.WriteLineAsync("  " + difference);
        }

        return false;
    }

    private async Task<List<string>> DifferencesAsync(HttpClient client, MeetingExpectation meeting, List<string> settled, CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        var session = meeting.SessionId;

        var attendance = await ReadAsync(client, "attendance", new Uri(settings.AttendanceUrl, $"/api/attendance/{session}"), cancellationToken);
        var seconds = attendance?["participants"]?.AsArray()
            .ToDictionary(p => (string)p!["participantId"]!, p => p!["attendedMs"]!.GetValue<long>() / 1000.0) ?? [];
        foreach (var (participant, want) in meeting.AttendanceSeconds)
        {
            if (!seconds.TryGetValue(participant, out var got) || Math.Abs(got - want) > 0.001)
            {
                differences.Add($"{session} attendance of {participant}: expected {want:F3} s, got {(seconds.ContainsKey(participant) ? $"{got:F3} s" : "nothing")}");
            }
        }

        var transcript = await ReadAsync(client, "transcription", new Uri(settings.TranscriptionUrl, $"/api/transcripts/{session}"), cancellationToken);
        var phrases = transcript?["segments"]?.AsArray().Count ?? 0;
        if (phrases != meeting.TranscriptPhrases)
        {
            differences.Add($"{session} transcript: expected {meeting.TranscriptPhrases} phrases, got {phrases}");
        }

        var analytics = await ReadAsync(client, "analytics", new Uri(settings.AnalyticsUrl, $"/api/analytics/{session}"), cancellationToken);
        var reactions = analytics?["reactions"]?.AsObject().ToDictionary(r => r.Key, r => r.Value!.GetValue<int>()) ?? [];
        foreach (var name in meeting.Reactions.Keys.Union(reactions.Keys))
        {
            if (meeting.Reactions.GetValueOrDefault(name) != reactions.GetValueOrDefault(name))
            {
                differences.Add($"{session} reactions '{name}': expected {meeting.Reactions.GetValueOrDefault(name)}, got {reactions.GetValueOrDefault(name)}");
            }
        }

        var speakers = analytics?["speakers"]?.AsArray().ToDictionary(sp => (string)sp!["userId"]!, sp => sp!["speakingMs"]!.GetValue<long>()) ?? [];
        foreach (var (user, want) in meeting.SpeakingMs)
        {
            if (speakers.GetValueOrDefault(user) != want)
            {
                differences.Add($"{session} speaking time of {user}: expected {want} ms, got {(speakers.ContainsKey(user) ? $"{speakers[user]} ms" : "nothing")}");
            }
        }

        var polls = analytics?["polls"]?.AsArray().ToDictionary(
            poll => (string)poll!["pollId"]!,
            poll => poll!["answers"]!.AsArray().ToDictionary(a => a!["key"]!.GetValue<int>(), a => a!["votes"]!.GetValue<int>())) ?? [];
        foreach (var (poll, votes) in meeting.PollVotes)
        {
            foreach (var (key, want) in votes)
            {
                var got = polls.GetValueOrDefault(poll)?.GetValueOrDefault(key);
                if (got != want)
                {
                    differences.Add($"{session} poll {poll} answer {key}: expected {want} votes, got {got?.ToString() ?? "nothing"}");
                }
            }
        }

        var feedback = analytics?["feedback"];
        var gotFeedback = new FeedbackExpectation(
            feedback?["count"]?.GetValue<int>() ?? 0, feedback?["rated"]?.GetValue<int>() ?? 0, feedback?["averageRating"]?.GetValue<double>());
        if (gotFeedback.Count != meeting.Feedback.Count || gotFeedback.Rated != meeting.Feedback.Rated ||
            Math.Abs((gotFeedback.AverageRating ?? -1) - (meeting.Feedback.AverageRating ?? -1)) > 0.001)
        {
            differences.Add($"{session} feedback: expected {meeting.Feedback}, got {gotFeedback}");
        }

        var recordingSeconds = (analytics?["recordingMs"]?.GetValue<long>() ?? 0) / 1000.0;
        if (Math.Abs(recordingSeconds - meeting.RecordingSeconds) > 0.001)
        {
            differences.Add($"{session} recording: expected {meeting.RecordingSeconds:F3} s, got {recordingSeconds:F3} s");
        }

        if (settings.ServeFiles)
        {
            differences.AddRange(await FileDifferencesAsync(client, meeting, analytics, settled, cancellationToken));
        }

        return differences;
    }

    // Each expected file stored with its size and SHA-256 (statistics files are gzipped: stored is enough), and each
    // statistics file summarized by analytics. A file whose artifact ended failed, expired or rejected goes to settled,
    // with the reason the API gives.
    private async Task<List<string>> FileDifferencesAsync(
        HttpClient client, MeetingExpectation meeting, JsonNode? analytics, List<string> settled, CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        var session = meeting.SessionId;
        // A meeting's artifacts come a page at a time ({items, next}; docs/api.md §5).
        var artifacts = new List<(string Kind, string Status, long? Bytes, string? Sha256, string? Reason)>();
        string? cursor = null;
        do
        {
            var page = await ReadAsync(
                client,
                "media-artifacts",
                new Uri(settings.MediaUrl ?? settings.AttendanceUrl, $"/api/artifacts/{session}?limit=500{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}"),
                cancellationToken);
            artifacts.AddRange(page?["items"]?.AsArray()
                .Select(a => (Kind: (string)a!["kind"]!, Status: (string)a["status"]!, Bytes: a["sizeBytes"]?.GetValue<long>(), Sha256: (string?)a["sha256"], Reason: (string?)a["reason"])) ?? []);
            cursor = (string?)page?["next"];
        }
        while (cursor is not null);
        foreach (var file in meeting.Files)
        {
            var stored = artifacts.FirstOrDefault(a => a.Kind == file.Kind && a.Status == "stored" && (file.Sha256 is null || a.Sha256 == file.Sha256));
            if (stored.Kind is null || (file.Bytes is { } bytes && stored.Bytes != bytes))
            {
                var seen = string.Join(", ", artifacts.Where(a => a.Kind == file.Kind).Select(a => $"{a.Status} {a.Bytes} bytes sha256 {a.Sha256}"));
                differences.Add($"{session} {file.Kind} file: expected stored{(file.Bytes is { } b ? $", {b} bytes, sha256 {file.Sha256}" : "")}; got {(seen.Length == 0 ? "nothing" : seen)}");
                settled.AddRange(artifacts.Where(a => a.Kind == file.Kind && Final.Contains(a.Status))
                    .Select(a => $"{session} {file.Kind} file: {a.Status}: {a.Reason ?? "(no reason given)"}"));
            }
        }

        // Every file is listed with its status (issue 23); summarized means read, whole or in part.
        var summarized = analytics?["quality"]?.AsArray().Count(q => (string?)q?["status"] is "done" or "limited") ?? 0;
        if (summarized != meeting.QualityReports)
        {
            differences.Add($"{session} call quality: expected {meeting.QualityReports} statistics files summarized, got {summarized}");
        }

        return differences;
    }

    // 404 means "nothing of this meeting yet"; any other answer that is not 200, or none, stops the verification: it
    // would not change by reading again.
    private async Task<JsonNode?> ReadAsync(HttpClient client, string service, Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (settings.Keys.For(service) is { } key)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        var where = $"{service} at {uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)}";
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ReadApiFailure($"{where} did not answer: {e.HttpRequestError} ({(e.InnerException ?? e).Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ReadApiFailure($"{where} did not answer within {client.Timeout.TotalSeconds:F0} s");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var sent = settings.Keys.SourceOf(service) is { } source ? $"the key from {source}" : "no key";
                throw new ReadApiFailure($"{where} answered {(int)response.StatusCode} {ProblemLine.Of(text)} ({sent}; " +
                                         $"give that service's key with --api-key-for {service}=<key> or --api-key)");
            }

            return JsonNode.Parse(text);
        }
    }
}
