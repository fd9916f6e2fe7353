using JaasPipeline.Traffic;
using System.Text;
using JaasPipeline.Contracts;

namespace JaasPipeline.Benchmark.Tests;

/// <summary>The benchmark's load is only meaningful if every body is a delivery the ingress accepts as its own type.</summary>
public sealed class MeetingMixTests
{
    [Test]
    public void DeliveriesOfManyMeetings_AreValidJaasEventsOfTheirTypeWithUniqueKeys()
    {
        var mix = new MeetingMix(concurrentMeetings: 20, seed: 7, TimeProvider.System);
        var deliveries = Enumerable.Range(0, 3_000).Select(_ => mix.Next()).ToList();

        foreach (var delivery in deliveries)
        {
            var parsed = JaasEventParser.Parse(delivery.Body);
            Assert.That(parsed.Errors, Is.Empty, Encoding.UTF8.GetString(delivery.Body));
            Assert.That(parsed.Event, Is.Not.InstanceOf<UnknownJaasEvent>(), delivery.EventType);
            Assert.That((parsed.Event!.EventType, parsed.Event.IdempotencyKey), Is.EqualTo((delivery.EventType, delivery.IdempotencyKey)));
        }

        Assert.That(deliveries.Select(d => d.IdempotencyKey), Is.Unique);
        Assert.That(deliveries.Select(d => d.EventType).Distinct(), Is.SupersetOf(new[]
        {
            "ROOM_CREATED", "ROOM_DESTROYED", "PARTICIPANT_JOINED", "PARTICIPANT_LEFT", "PARTICIPANT_JOINED_LOBBY",
            "PARTICIPANT_LEFT_LOBBY", "CHAT_UPLOADED", "TRANSCRIPTION_CHUNK_RECEIVED", "REACTIONS", "POLL_CREATED",
            "POLL_ANSWER", "SPEAKER_STATS", "USAGE", "DIAL_IN_STARTED", "DIAL_IN_ENDED", "RECORDING_STARTED", "RECORDING_ENDED",
            "FEEDBACK",
        }));
    }

    [Test]
    public void OneMeetingAtATime_SendsAWholeMeetingFromRoomCreatedToItsReports()
    {
        var mix = new MeetingMix(concurrentMeetings: 1, seed: 11, TimeProvider.System);
        var first = Parse(mix.Next());
        var meeting = new List<JaasEvent> { first };
        while (Parse(mix.Next()) is var next && next.SessionId == first.SessionId)
        {
            meeting.Add(next);
        }

        Assert.That(first.EventType, Is.EqualTo("ROOM_CREATED"));
        Assert.That(meeting.Select(e => e.Timestamp), Is.Ordered);
        Assert.That(meeting.Select(e => e.EventType), Is.SupersetOf(new[] { "PARTICIPANT_JOINED", "PARTICIPANT_LEFT", "ROOM_DESTROYED", "SPEAKER_STATS", "USAGE" }));
        Assert.That(meeting.Count(e => e.EventType == "PARTICIPANT_JOINED"), Is.GreaterThanOrEqualTo(2));
    }

    private static JaasEvent Parse(Delivery delivery) => JaasEventParser.Parse(delivery.Body).Event!;
}
