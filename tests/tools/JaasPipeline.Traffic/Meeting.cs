namespace JaasPipeline.Traffic;

/// <summary>
/// One whole simulated meeting as JaaS reports it: ROOM_CREATED, lobby waits, joins, reconnects (a LEFT with
/// <c>unrecoverable_error</c> and a join again), moves to a breakout room and back (<c>switch_room</c>), a phone
/// caller (DIAL_IN_STARTED/ENDED), a recording (RECORDING_STARTED/ENDED), transcript chunks, reactions, a poll with its
/// answers, leaves, ROOM_DESTROYED, then SPEAKER_STATS, USAGE, FEEDBACK and CHAT_UPLOADED. Counts and choices are
/// drawn from the seeded random. Its deliveries are handed out in timestamp order.
/// </summary>
public sealed class Meeting
{
    private static readonly string[] Tenants =
    [
        "c2824d584eac4489a1e32e4e164d5a3c", "a062b751172947d3832406582153a4c8", "9708f84c111b4c54a8e0374fa4bcb15a",
        "0f53759e44204b26ad74e6315a5bf83a",
    ];

    private static readonly string[] ReactionNames = ["like", "clap", "laugh", "surprised", "boo", "silence"];

    private readonly Queue<Delivery> deliveries;

    private Meeting(Queue<Delivery> deliveries, MeetingExpectation expected)
    {
        this.deliveries = deliveries;
        Expected = expected;
    }

    /// <summary>What the pipeline should report for this meeting once every delivery is in.</summary>
    public MeetingExpectation Expected { get; }

    /// <summary>The deliveries not yet taken, in timestamp order.</summary>
    public IReadOnlyCollection<Delivery> Remaining => deliveries;

    public bool TryTake(out Delivery delivery) => deliveries.TryDequeue(out delivery!);

    /// <summary>
    /// A meeting that ended a little before <paramref name="now"/>, so every event time is in the past; with 2 to 10
    /// participants, or <paramref name="participantCount"/>. With <paramref name="files"/> (a server of
    /// <see cref="SimulatedFiles"/>) it also uploads its recording, documents and statistics files there, and its chat
    /// link points there too.
    /// </summary>
    public static Meeting Plan(Random random, DateTimeOffset now, int? participantCount = null, Uri? files = null)
    {
        var expectedFiles = new List<ExpectedFile>();
        string ServedFile(string kind, string name, int size)
        {
            var content = SimulatedFiles.Content(name, size);
            expectedFiles.Add(new ExpectedFile(kind, size, SimulatedFiles.Sha256(content)));
            return new Uri(files!, SimulatedFiles.FilePath(name, size)).ToString();
        }

        var header = new MeetingHeader(Tenants[random.Next(Tenants.Length)], $"room-{random.Next(1, 100_000)}", Guid.NewGuid().ToString());
        var end = now.ToUnixTimeMilliseconds() - 60_000;
        var start = end - random.Next(10, 90) * 60_000L;
        var participants = Enumerable.Range(1, participantCount ?? random.Next(2, 11)).Select(n => MeetingParticipant.Create(random, n)).ToList();
        var attendedMs = new Dictionary<string, long>();
        var reactions = new Dictionary<string, int>();
        var events = new List<(long At, string Type, string Data)> { (start, "ROOM_CREATED", EventBodies.Room(header)) };

        long Between(long from, long to) => from + random.NextInt64(Math.Max(1, to - from));
        MeetingParticipant Anyone() => participants[random.Next(participants.Count)];

        // Everyone is in the main room from a join in the first five minutes to a leave in the last two, so whatever
        // happens in the middle (breakout rooms, transcripts, reactions, a poll, a recording) happens among them.
        var middle = (From: start + 300_000, To: end - 150_000);
        var breakout = participants.Count >= 3 && random.NextDouble() < 0.3
            ? (Id: Guid.NewGuid().ToString(), Opens: Between(middle.From, middle.From + 60_000), Closes: Between(middle.To - 60_000, middle.To))
            : default;
        if (breakout.Id is not null)
        {
            events.Add((breakout.Opens - 1_000, "ROOM_CREATED", EventBodies.Room(header, breakout.Id)));
            events.Add((breakout.Closes + 1_000, "ROOM_DESTROYED", EventBodies.Room(header, breakout.Id)));
        }

        for (var i = 0; i < participants.Count; i++)
        {
            var p = participants[i];
            var moderator = i == 0;
            var joinedAt = Between(start + 1_000, start + 300_000);
            if (!moderator && random.NextDouble() < 0.25)
            {
                // The lobby opens with the room: a wait starts after ROOM_CREATED.
                events.Add((Math.Max(start + 100, joinedAt - Between(5_000, 60_000)), "PARTICIPANT_JOINED_LOBBY", EventBodies.JoinedLobby(p)));
                events.Add((joinedAt - 500, "PARTICIPANT_LEFT_LOBBY", EventBodies.LeftLobby(p)));
            }

            events.Add((joinedAt, "PARTICIPANT_JOINED", EventBodies.Joined(header, p, moderator)));
            var leftAt = end - Between(0, 120_000);
            attendedMs[p.ParticipantId] = leftAt - joinedAt;
            if (breakout.Id is not null && !moderator && random.NextDouble() < 0.5)
            {
                // A move joins the other room a moment before it leaves this one, as JaaS reports it: the overlap counts
                // once, so time in the breakout room adds nothing to the participant's total.
                var goes = Between(breakout.Opens, breakout.Opens + 5_000);
                var returns = Between(breakout.Closes - 5_000, breakout.Closes);
                events.Add((goes, "PARTICIPANT_JOINED", EventBodies.Joined(header, p, moderator, breakout.Id)));
                events.Add((goes + 200, "PARTICIPANT_LEFT", EventBodies.Left(header, p, moderator, "switch_room")));
                events.Add((returns - 200, "PARTICIPANT_JOINED", EventBodies.Joined(header, p, moderator)));
                events.Add((returns, "PARTICIPANT_LEFT", EventBodies.Left(header, p, moderator, "switch_room", breakout.Id)));
            }
            else if (random.NextDouble() < 0.2)
            {
                var droppedAt = Between(joinedAt + 60_000, end - 180_000);
                var rejoinedAt = droppedAt + Between(2_000, 20_000);
                events.Add((droppedAt, "PARTICIPANT_LEFT", EventBodies.Left(header, p, moderator, "unrecoverable_error")));
                events.Add((rejoinedAt, "PARTICIPANT_JOINED", EventBodies.Joined(header, p, moderator)));
                attendedMs[p.ParticipantId] -= rejoinedAt - droppedAt;
            }

            events.Add((leftAt, "PARTICIPANT_LEFT", EventBodies.Left(header, p, moderator, "left")));
        }

        if (random.NextDouble() < 0.3)
        {
            var caller = MeetingParticipant.Create(random, participants.Count + 1);
            var called = Between(start + 60_000, middle.To);
            var hungUp = Between(called + 30_000, end - 10_000);
            events.Add((called, "DIAL_IN_STARTED", EventBodies.DialInStarted(caller, $"4420{random.Next(1_000_000, 9_999_999)}")));
            events.Add((hungUp, "DIAL_IN_ENDED", EventBodies.DialInEnded(caller)));
            attendedMs[caller.ParticipantId] = hungUp - called;
        }

        var recordingMs = 0L;
        if (random.NextDouble() < 0.4)
        {
            var recordingStarts = Between(middle.From, middle.To - 120_000);
            var recordingEnds = Between(recordingStarts + 60_000, middle.To);
            events.Add((recordingStarts, "RECORDING_STARTED", EventBodies.Recording(header)));
            events.Add((recordingEnds, "RECORDING_ENDED", EventBodies.Recording(header)));
            recordingMs = recordingEnds - recordingStarts;
            if (files is not null)
            {
                var link = ServedFile("recording", $"{header.SessionId}-recording.mp4", random.Next(50_000, 400_000));
                events.Add((end + 20_000, "RECORDING_UPLOADED", EventBodies.RecordingUploaded(participants, link, recordingStarts, recordingEnds)));
            }
        }

        if (files is not null && random.NextDouble() < 0.3)
        {
            var fileId = Guid.NewGuid().ToString();
            var size = random.Next(1_000, 100_000);
            var addedAt = Between(middle.From, middle.To);
            events.Add((addedAt, "DOCUMENT_ADDED", EventBodies.DocumentAdded(Anyone(), ServedFile("document", $"{fileId}.pdf", size), fileId, size, addedAt)));
        }

        var qualityReports = 0;
        foreach (var p in participants.Where(_ => files is not null && random.NextDouble() < 0.3))
        {
            expectedFiles.Add(new ExpectedFile("rtcstats", null, null));
            qualityReports++;
            events.Add((end + 40_000, "RTCSTATS_UPLOADED", EventBodies.StatisticsUploaded(p, new Uri(files!, SimulatedFiles.StatisticsPath($"{header.SessionId}-{p.ParticipantId}")).ToString())));
        }

        // Transcription is switched on in some meetings only.
        var phrases = random.NextDouble() < 0.6 ? random.Next(5, 21) : 0;
        for (var phrase = 1; phrase <= phrases; phrase++)
        {
            events.Add((Between(middle.From, middle.To), "TRANSCRIPTION_CHUNK_RECEIVED", EventBodies.TranscriptChunk(Anyone(), phrase)));
        }

        for (var r = random.Next(0, 7); r > 0; r--)
        {
            var reaction = ReactionNames[random.Next(ReactionNames.Length)];
            reactions[reaction] = reactions.GetValueOrDefault(reaction) + 1;
            events.Add((Between(middle.From, middle.To), "REACTIONS", EventBodies.Reactions(Anyone(), reaction)));
        }

        var polls = new Dictionary<string, IReadOnlyDictionary<int, int>>();
        if (random.NextDouble() < 0.5)
        {
            var pollId = Guid.NewGuid().ToString("N")[..10];
            var askedAt = Between(middle.From, middle.To - 60_000);
            var votes = new Dictionary<int, int> { [1] = 0, [2] = 0, [3] = 0 };
            events.Add((askedAt, "POLL_CREATED", EventBodies.PollCreated(participants[0], pollId)));
            foreach (var voter in participants.Skip(1).Where(_ => random.NextDouble() < 0.6))
            {
                var choice = random.Next(1, 4);
                votes[choice]++;
                events.Add((askedAt + Between(5_000, 60_000), "POLL_ANSWER", EventBodies.PollAnswer(voter, pollId, choice)));
            }

            polls[pollId] = votes;
        }

        events.Add((end, "ROOM_DESTROYED", EventBodies.Room(header)));
        var speakingMs = participants.ToDictionary(p => p.UserId, _ => random.NextInt64(1_000, 600_000));
        events.Add((end + 1_000, "SPEAKER_STATS", EventBodies.SpeakerStats(participants.Select(p => (p, speakingMs[p.UserId])))));
        events.Add((end + 2_000, "USAGE", EventBodies.Usage(header, participants)));
        var ratings = new List<int>();
        foreach (var p in participants.Where(_ => random.NextDouble() < 0.4))
        {
            var rating = random.Next(0, 6) is var drawn && drawn == 0 ? -1 : drawn;
            ratings.Add(rating);
            events.Add((end + 5_000 + ratings.Count * 1_000, "FEEDBACK", EventBodies.Feedback(p, rating)));
        }

        if (random.NextDouble() < 0.5)
        {
            var link = files is null ? null : ServedFile("chat", $"{header.SessionId}-chat.json", random.Next(500, 5_000));
            events.Add((end + 30_000, "CHAT_UPLOADED", EventBodies.ChatUploaded(header, link)));
        }

        var queue = new Queue<Delivery>(events.Count);
        foreach (var e in events.OrderBy(e => e.At))
        {
            var key = Guid.NewGuid().ToString();
            queue.Enqueue(new Delivery(key, e.Type, EventBodies.Envelope(header, key, e.Type, e.At, e.Data)));
        }

        var rated = ratings.Where(r => r != -1).ToList();
        var expected = new MeetingExpectation(
            header.SessionId, header.Fqn, attendedMs.ToDictionary(a => a.Key, a => a.Value / 1000.0), phrases, reactions, speakingMs, polls,
            new FeedbackExpectation(ratings.Count, rated.Count, rated.Count == 0 ? null : rated.Average()), recordingMs / 1000.0,
            expectedFiles, qualityReports);
        return new Meeting(queue, expected);
    }
}
