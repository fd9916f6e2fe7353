using FsCheck;
using FsCheck.Fluent;
using JaasPipeline.Analytics.Gaps;
using JaasPipeline.Contracts;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// Random meetings for the gap rules: rooms (and breakout rooms) created and destroyed or not, participants who join and
/// leave (reconnects, leaves at the join's millisecond), recordings ended and uploaded, transcription chunks, lost
/// artifacts and statistics files in every status, at times around the windows.
/// </summary>
internal static class GapEvidenceStreams
{
    public static readonly GapWindows Windows = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(10), TimeSpan.FromHours(24), TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Origin = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Statuses = ["pending", "done", "limited", "missing", "failed"];

    public static Arbitrary<GapDelivery> Deliveries() => Gen.Choose(0, int.MaxValue).Select(Build).ToArbitrary();

    public static GapDelivery Build(int seed)
    {
        var random = new Random(seed);
        var events = new List<GapEvent>();
        long Minute(int minutes) => Origin.AddMinutes(minutes).ToUnixTimeMilliseconds();
        void Add(string eventType, int minute, bool breakout = false, string? participant = null, string? name = null, string? recording = null) =>
            events.Add(new GapEvent
            {
                IdempotencyKey = $"k{events.Count}", EventType = eventType, OccurredAt = Minute(minute), IsBreakout = breakout,
                ParticipantId = participant, ParticipantName = name, RecordingSessionId = recording,
            });

        if (random.Next(4) > 0)
        {
            Add(JaasEventTypes.RoomCreated, 0);
        }

        var end = random.Next(30, 180);
        if (random.Next(3) > 0)
        {
            Add(JaasEventTypes.RoomDestroyed, end);
        }

        if (random.Next(3) == 0)
        {
            Add(JaasEventTypes.RoomCreated, 10, breakout: true);
            Add(JaasEventTypes.RoomDestroyed, 20, breakout: true);
        }

        for (var p = random.Next(0, 4); p > 0; p--)
        {
            var minute = random.Next(0, 20);
            for (var stint = random.Next(1, 3); stint > 0; stint--)
            {
                Add(JaasEventTypes.ParticipantJoined, minute, participant: $"p{p}", name: random.Next(2) == 0 ? $"Name {p}" : null);
                minute += random.Next(0, 20);
                if (random.Next(3) > 0)
                {
                    // Sometimes at the join's own millisecond: a reconnect's pair.
                    Add(JaasEventTypes.ParticipantLeft, minute, participant: $"p{p}");
                }

                minute += random.Next(1, 10);
            }
        }

        for (var r = random.Next(0, 3); r > 0; r--)
        {
            var ended = random.Next(5, end + 5);
            Add(JaasEventTypes.RecordingEnded, ended);
            if (random.Next(2) == 0)
            {
                Add(JaasEventTypes.RecordingUploaded, ended + random.Next(1, 120), recording: random.Next(3) == 0 ? null : $"rec{r}");
            }
        }

        if (random.Next(2) == 0)
        {
            for (var c = random.Next(1, 5); c > 0; c--)
            {
                Add(JaasEventTypes.TranscriptionChunkReceived, random.Next(1, end));
            }

            if (random.Next(2) == 0)
            {
                Add(JaasEventTypes.TranscriptionUploaded, end + random.Next(1, 90));
            }
        }

        var lost = Enumerable.Range(0, random.Next(0, 3)).Select(i => new LostArtifact
        {
            ArtifactId = $"00000000-0000-0000-0000-00000000000{i}", Kind = ArtifactKinds.Recording, EventType = JaasEventTypes.RecordingUploaded,
            EventTimestamp = Minute(end + 1), LinkExpiresAt = Minute(end + 1 + 24 * 60), Reason = $"HTTP 40{i}",
        }).ToList();
        var statistics = Enumerable.Range(0, random.Next(0, 4)).Select(i => new StatisticsFileOutcome
        {
            IdempotencyKey = $"rtc{i}", ArtifactId = $"10000000-0000-0000-0000-00000000000{i}", ParticipantId = $"p{i}",
            Status = Statuses[random.Next(Statuses.Length)], Error = random.Next(2) == 0 ? null : "not gzip",
        }).ToList();
        var evidence = new MeetingEvidence(events, lost, statistics);

        // As delivered: shuffled, some events again under a new key (JaaS re-sends), lost artifacts published twice.
        var delivered = events.Concat(events.Where(_ => random.Next(4) == 0).Select(e => e with { IdempotencyKey = e.IdempotencyKey + "-again" }))
            .OrderBy(_ => random.Next()).ToList();
        var deliveredLost = lost.Concat(lost.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next()).ToList();
        var deliveredStatistics = statistics.OrderBy(_ => random.Next()).ToList();
        var now = Origin.AddMinutes(random.Next(0, 30 * 60));
        return new GapDelivery(evidence, new MeetingEvidence(delivered, deliveredLost, deliveredStatistics), now, seed);
    }
}
