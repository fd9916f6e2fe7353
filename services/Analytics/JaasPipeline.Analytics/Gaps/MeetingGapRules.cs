using System.Globalization;
using JaasPipeline.Contracts;

namespace JaasPipeline.Analytics.Gaps;

/// <summary>
/// What JaaS should have sent for a meeting and did not, from the events received, at an instant. A pure function of the
/// evidence as a set: JaaS delivers in any order and more than once, sometimes re-sending under a new idempotency key
/// (docs/jaas-reference.md, Delivery), so nothing here depends on the order of the lists or counts a repeat twice. Windows are measured
/// from the events' own timestamps, so a meeting replayed from last week shows its gaps at once.
/// </summary>
public static class MeetingGapRules
{
    /// <summary>The statuses of <c>analytics_call_quality</c> that mean the file will never be summarized.</summary>
    public static readonly IReadOnlyList<string> UnreadableStatuses = ["missing", "failed"];

    public static GapEvaluation Evaluate(MeetingEvidence evidence, DateTimeOffset now, GapWindows windows)
    {
        var gaps = new List<FoundGap>();
        DateTimeOffset? nextWindowEndsAt = null;

        // A gap once its window has ended; until then, the instant it ends is when the meeting must be looked at again.
        bool WindowEnded(DateTimeOffset endsAt)
        {
            if (now >= endsAt)
            {
                return true;
            }

            nextWindowEndsAt = nextWindowEndsAt is { } next && next <= endsAt ? next : endsAt;
            return false;
        }

        var events = evidence.Events;
        // Breakout rooms come and go within the meeting: its own creation and end are the main room's.
        var created = Times(events, JaasEventTypes.RoomCreated, mainRoomOnly: true);
        var destroyed = Times(events, JaasEventTypes.RoomDestroyed, mainRoomOnly: true);
        DateTimeOffset? roomDestroyedAt = destroyed.Count > 0 ? destroyed.Max() : null;

        RecordingsNotUploaded(events, windows, gaps, WindowEnded);

        if (roomDestroyedAt is { } end)
        {
            ParticipantsWithoutLeave(events, end, windows, gaps, WindowEnded);
            TranscriptNotUploaded(events, end, windows, gaps, WindowEnded);
        }

        if (created.Count > 0 && destroyed.Count == 0)
        {
            var first = created.Min();
            var windowEnd = first + windows.RoomDestroy;
            if (WindowEnded(windowEnd))
            {
                gaps.Add(new FoundGap(GapKinds.RoomNotDestroyed, "room", new GapDetail(
                    $"The room was created at {Instant(first)} and no ROOM_DESTROYED has arrived.",
                    JaasEventTypes.RoomCreated, first, JaasEventTypes.RoomDestroyed, windowEnd, null, null, null, null, null)));
            }
        }

        foreach (var lost in evidence.LostArtifacts.DistinctBy(a => a.ArtifactId, StringComparer.Ordinal))
        {
            gaps.Add(new FoundGap(GapKinds.ArtifactLost, lost.ArtifactId, new GapDetail(
                $"The {lost.Kind} file linked by {lost.EventType} was not stored: its link expired ({lost.Reason}).",
                lost.EventType, At(lost.EventTimestamp), null, null, null, null, lost.ArtifactId, lost.Kind, lost.Reason)));
        }

        foreach (var file in evidence.StatisticsFiles
                     .Where(f => UnreadableStatuses.Contains(f.Status))
                     .GroupBy(f => f.IdempotencyKey, StringComparer.Ordinal)
                     .Select(g => g.OrderBy(f => f.Status, StringComparer.Ordinal).ThenBy(f => f.Error, StringComparer.Ordinal).First()))
        {
            var reason = string.IsNullOrEmpty(file.Error) ? file.Status : file.Error;
            gaps.Add(new FoundGap(GapKinds.StatsUnreadable, file.IdempotencyKey, new GapDetail(
                $"The statistics file of {file.ParticipantName ?? file.ParticipantId ?? "a participant"} could not be summarized ({file.Status}): {reason}",
                JaasEventTypes.RtcStatsUploaded, null, null, null, file.ParticipantId, file.ParticipantName, file.ArtifactId, ArtifactKinds.RtcStats, reason)));
        }

        return new GapEvaluation(
            gaps.OrderBy(g => g.Kind, StringComparer.Ordinal).ThenBy(g => g.Subject, StringComparer.Ordinal).ToList(), nextWindowEndsAt);
    }

    /// <summary>
    /// Each RECORDING_ENDED (one per distinct time: a repeat under a new key is the same end) waits for an upload; uploads
    /// (one per recordingSessionId) are taken by the ends in time order, so the ends left without one are the latest.
    /// </summary>
    private static void RecordingsNotUploaded(IReadOnlyList<GapEvent> events, GapWindows windows, List<FoundGap> gaps, Func<DateTimeOffset, bool> windowEnded)
    {
        var ends = Times(events, JaasEventTypes.RecordingEnded, mainRoomOnly: false).Order().ToList();
        var uploads = events
            .Where(e => e.EventType == JaasEventTypes.RecordingUploaded)
            .Select(e => string.IsNullOrEmpty(e.RecordingSessionId) ? "@" + e.OccurredAt.ToString(CultureInfo.InvariantCulture) : e.RecordingSessionId)
            .Distinct(StringComparer.Ordinal)
            .Count();
        foreach (var end in ends.Skip(uploads))
        {
            var windowEnd = end + windows.RecordingUpload;
            if (windowEnded(windowEnd))
            {
                gaps.Add(new FoundGap(GapKinds.RecordingNotUploaded, "recording-ended@" + end.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    new GapDetail(
                        $"A recording ended at {Instant(end)} and no RECORDING_UPLOADED has arrived for it.",
                        JaasEventTypes.RecordingEnded, end, JaasEventTypes.RecordingUploaded, windowEnd, null, null, null, null, null)));
            }
        }
    }

    /// <summary>
    /// A participant's last presence event by its own time decides; a join and a leave at the same millisecond count as
    /// left (a reconnect's pair), whichever arrived first.
    /// </summary>
    private static void ParticipantsWithoutLeave(
        IReadOnlyList<GapEvent> events, DateTimeOffset roomDestroyedAt, GapWindows windows, List<FoundGap> gaps, Func<DateTimeOffset, bool> windowEnded)
    {
        var windowEnd = roomDestroyedAt + windows.LeaveGrace;
        var presence = events
            .Where(e => e.EventType is JaasEventTypes.ParticipantJoined or JaasEventTypes.ParticipantLeft && !string.IsNullOrEmpty(e.ParticipantId))
            .GroupBy(e => e.ParticipantId!, StringComparer.Ordinal);
        foreach (var participant in presence)
        {
            var lastAt = participant.Max(e => e.OccurredAt);
            var last = participant.Where(e => e.OccurredAt == lastAt).ToList();
            if (last.Any(e => e.EventType == JaasEventTypes.ParticipantLeft) || !windowEnded(windowEnd))
            {
                continue;
            }

            var name = last.Select(e => e.ParticipantName).Where(n => !string.IsNullOrEmpty(n)).Order(StringComparer.Ordinal).FirstOrDefault();
            var joinedAt = At(lastAt);
            gaps.Add(new FoundGap(GapKinds.ParticipantWithoutLeave, participant.Key, new GapDetail(
                $"{name ?? participant.Key} joined at {Instant(joinedAt)} and no PARTICIPANT_LEFT followed before the room was destroyed at {Instant(roomDestroyedAt)}.",
                JaasEventTypes.ParticipantJoined, joinedAt, JaasEventTypes.ParticipantLeft, windowEnd, participant.Key, name, null, null, null)));
        }
    }

    private static void TranscriptNotUploaded(
        IReadOnlyList<GapEvent> events, DateTimeOffset roomDestroyedAt, GapWindows windows, List<FoundGap> gaps, Func<DateTimeOffset, bool> windowEnded)
    {
        var chunks = events.Where(e => e.EventType == JaasEventTypes.TranscriptionChunkReceived).ToList();
        if (chunks.Count == 0 || events.Any(e => e.EventType == JaasEventTypes.TranscriptionUploaded))
        {
            return;
        }

        var windowEnd = roomDestroyedAt + windows.TranscriptUpload;
        if (windowEnded(windowEnd))
        {
            var lastChunk = At(chunks.Max(e => e.OccurredAt));
            gaps.Add(new FoundGap(GapKinds.TranscriptNotUploaded, "transcript", new GapDetail(
                $"Transcription chunks arrived (the last at {Instant(lastChunk)}) and no TRANSCRIPTION_UPLOADED after the room was destroyed at {Instant(roomDestroyedAt)}.",
                JaasEventTypes.TranscriptionChunkReceived, lastChunk, JaasEventTypes.TranscriptionUploaded, windowEnd, null, null, null, null, null)));
        }
    }

    private static List<DateTimeOffset> Times(IEnumerable<GapEvent> events, string eventType, bool mainRoomOnly) =>
        events.Where(e => e.EventType == eventType && !(mainRoomOnly && e.IsBreakout)).Select(e => e.OccurredAt).Distinct().Select(At).ToList();

    private static DateTimeOffset At(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    private static string Instant(DateTimeOffset instant) => JaasPipeline.ServiceDefaults.ApiJson.Format(instant);
}
