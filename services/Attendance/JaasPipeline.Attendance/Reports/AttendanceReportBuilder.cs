namespace JaasPipeline.Attendance.Reports;

/// <summary>
/// Derives a meeting's <see cref="AttendanceReport"/> from its stored <see cref="AttendanceFact"/>s. Pure and
/// deterministic: one set of facts gives one report, whatever order the facts come in and however often a delivery
/// repeats (docs/jaas-reference.md, Delivery: JaaS delivers in any order and can deliver an event more than once).
/// </summary>
/// <remarks>
/// What each figure means (the rules are cited by number in the code):
/// <list type="number">
/// <item>Facts are deduplicated by IdempotencyKey, then applied in the order (OccurredAt, kind, IdempotencyKey).
/// At one timestamp the kinds go RoomCreated, LobbyJoined, LobbyLeft, Joined, CallStarted, ModeratorGranted, Left,
/// CallEnded, RoomDestroyed.</item>
/// <item>A meeting is one sessionId (facts of other sessions are ignored; no facts, no report). StartedAt is the main
/// room's earliest RoomCreated, EndedAt its latest RoomDestroyed. A breakout room's RoomCreated / RoomDestroyed set
/// only that room's CreatedAt / DestroyedAt, never the meeting's.</item>
/// <item>A stint is one stay in one room. A Joined (CallStarted for SIP and phone participants) opens it; the
/// participant's next Left (CallEnded) in that room closes it with the disconnectReason JaaS sent. A leave with no
/// open stint in its room is ignored. A join while a stint in that room is open closes that stint at the join
/// ("rejoined") and opens a new one: a reconnect whose leave was lost is not counted twice.</item>
/// <item>A breakout room's RoomDestroyed closes the stints open in that room; the main room's RoomDestroyed closes
/// every open stint, in any room, and every open lobby wait ("room_destroyed"). Without a destroy they stay open,
/// with no LeftAt and no DurationMs.</item>
/// <item>Facts after the main room's destroy still count; a destroy closes only what is open when it happens.</item>
/// <item>A lobby wait runs from LobbyJoined to LobbyLeft (a second LobbyJoined closes a wait left open).
/// LobbyMs is the sum of the closed waits. Outcome: "refused" when the lobby exit's disconnectReason is kicked,
/// else "admitted" when the participant joins the meeting at or after the wait's end (and before a later wait), else
/// "left"; "waiting" while the wait is open.</item>
/// <item>AttendedMs is the length of the union of the participant's closed stints across rooms: when a
/// switch_room move joins the breakout before it leaves the main room, the overlap counts once. Open stints do not
/// count.</item>
/// <item>Name, Email, UserId and Kind come from the participant's latest fact that has a value. Moderator is true
/// when any fact of theirs says so or a ModeratorGranted names them, by participant key or by bare JID.</item>
/// <item>Participants are ordered by their first join or lobby entry (else their first fact), then ParticipantId;
/// stints by JoinedAt, then Room; waits by JoinedAt; breakout rooms by first mention, then id; grants by time.</item>
/// <item>Names, emails and ids are returned exactly as received. Times are UTC to the millisecond (JaaS timestamps
/// are Unix milliseconds); durations are whole milliseconds.</item>
/// </list>
/// </remarks>
public static class AttendanceReportBuilder
{
    /// <summary>The report of <paramref name="sessionId"/>, or null when none of <paramref name="facts"/> belongs to it.</summary>
    public static AttendanceReport? Build(string sessionId, IEnumerable<AttendanceFact> facts)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(facts);

        var ordered = InApplyOrder(sessionId, facts);
        if (ordered.Count == 0)
        {
            return null;
        }

        var meeting = new Meeting();
        foreach (var fact in ordered)
        {
            meeting.Apply(fact);
        }

        var fqn = ordered.FirstOrDefault(fact => !string.IsNullOrEmpty(fact.Fqn))?.Fqn ?? ordered[0].Fqn;
        return meeting.ToReport(sessionId, fqn);
    }

    // Rule 1: deduplicate, then one fixed order. Sorting first and keeping the first fact of each key makes the choice
    // independent of input order even if two deliveries under one key ever differed (docs/jaas-reference.md, Delivery, says they do not).
    private static List<AttendanceFact> InApplyOrder(string sessionId, IEnumerable<AttendanceFact> facts)
    {
        var sorted = facts
            .Where(fact => string.Equals(fact.SessionId, sessionId, StringComparison.Ordinal))
            .Select(fact => fact with { OccurredAt = ToUtcMillisecond(fact.OccurredAt) })
            .ToList();
        sorted.Sort(CompareForApply);

        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        return sorted.Where(fact => seenKeys.Add(fact.IdempotencyKey)).ToList();
    }

    // Rule 10: JaaS timestamps are Unix milliseconds; finer ticks would only make equal instants look different.
    private static DateTimeOffset ToUtcMillisecond(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private static int CompareForApply(AttendanceFact a, AttendanceFact b)
    {
        var order = a.OccurredAt.UtcTicks.CompareTo(b.OccurredAt.UtcTicks);
        if (order == 0) order = KindPriority(a.Kind).CompareTo(KindPriority(b.Kind));
        if (order == 0) order = string.CompareOrdinal(a.IdempotencyKey, b.IdempotencyKey);
        // Past this point only facts sharing a key are compared: the whole row decides, so the sort is total.
        if (order == 0) order = ((int)a.Kind).CompareTo((int)b.Kind);
        if (order == 0) order = string.CompareOrdinal(a.Room, b.Room);
        if (order == 0) order = string.CompareOrdinal(a.ParticipantKey, b.ParticipantKey);
        if (order == 0) order = string.CompareOrdinal(a.ParticipantKind, b.ParticipantKind);
        if (order == 0) order = string.CompareOrdinal(a.Name, b.Name);
        if (order == 0) order = string.CompareOrdinal(a.Email, b.Email);
        if (order == 0) order = string.CompareOrdinal(a.UserId, b.UserId);
        if (order == 0) order = Nullable.Compare(a.Moderator, b.Moderator);
        if (order == 0) order = string.CompareOrdinal(a.DisconnectReason, b.DisconnectReason);
        if (order == 0) order = string.CompareOrdinal(a.GrantedByKey, b.GrantedByKey);
        if (order == 0) order = string.CompareOrdinal(a.ParticipantJid, b.ParticipantJid);
        if (order == 0) order = string.CompareOrdinal(a.Fqn, b.Fqn);
        return order;
    }

    // Rule 1: at one timestamp a room exists before anyone is in it, a lobby wait ends before its admission joins,
    // and leaves come before the room's destroy. Kinds this version does not know go last and are not applied.
    private static int KindPriority(AttendanceFactKind kind) => kind switch
    {
        AttendanceFactKind.RoomCreated => 0,
        AttendanceFactKind.LobbyJoined => 1,
        AttendanceFactKind.LobbyLeft => 2,
        AttendanceFactKind.Joined => 3,
        AttendanceFactKind.CallStarted => 4,
        AttendanceFactKind.ModeratorGranted => 5,
        AttendanceFactKind.Left => 6,
        AttendanceFactKind.CallEnded => 7,
        AttendanceFactKind.RoomDestroyed => 8,
        _ => int.MaxValue,
    };

    // Rule 10: every time is a whole millisecond, so a duration is one exactly.
    private static long Milliseconds(long ticks) => ticks / TimeSpan.TicksPerMillisecond;

    private static bool IsMainRoom(string room) => string.Equals(room, AttendanceFact.MainRoom, StringComparison.Ordinal);

    /// <summary>The state of the meeting while its facts are applied in order.</summary>
    private sealed class Meeting
    {
        private readonly Dictionary<string, Attendee> _attendees = new(StringComparer.Ordinal);
        private readonly Dictionary<string, BreakoutRoomEntry> _breakoutRooms = new(StringComparer.Ordinal);
        private readonly List<AttendanceFact> _grants = [];
        private DateTimeOffset? _startedAt;
        private DateTimeOffset? _endedAt;

        public void Apply(AttendanceFact fact)
        {
            var room = fact.Room;
            if (!IsMainRoom(room) && !_breakoutRooms.ContainsKey(room))
            {
                _breakoutRooms[room] = new BreakoutRoomEntry(room, fact.OccurredAt);
            }

            switch (fact.Kind)
            {
                case AttendanceFactKind.RoomCreated:
                    // Rule 2: facts come in time order, so the first creation seen is the earliest.
                    if (IsMainRoom(room)) _startedAt ??= fact.OccurredAt;
                    else _breakoutRooms[room].CreatedAt ??= fact.OccurredAt;
                    break;
                case AttendanceFactKind.RoomDestroyed:
                    DestroyRoom(room, fact.OccurredAt);
                    break;
                case AttendanceFactKind.ModeratorGranted:
                    // Rule 8: resolved once every participant's JIDs are known (a grant may precede the join).
                    _grants.Add(fact);
                    break;
                case AttendanceFactKind.Joined or AttendanceFactKind.CallStarted:
                    AttendeeOf(fact)?.Join(room, fact.OccurredAt);
                    break;
                case AttendanceFactKind.Left or AttendanceFactKind.CallEnded:
                    AttendeeOf(fact)?.Leave(room, fact.OccurredAt, fact.DisconnectReason);
                    break;
                case AttendanceFactKind.LobbyJoined:
                    AttendeeOf(fact)?.EnterLobby(fact.OccurredAt);
                    break;
                case AttendanceFactKind.LobbyLeft:
                    AttendeeOf(fact)?.LeaveLobby(fact.OccurredAt, fact.DisconnectReason);
                    break;
            }
        }

        // Rules 2, 4 and 5: the latest main destroy is the meeting's end; each destroy closes only what is open then.
        private void DestroyRoom(string room, DateTimeOffset at)
        {
            if (IsMainRoom(room))
            {
                _endedAt = at;
                foreach (var attendee in _attendees.Values)
                {
                    attendee.CloseEverything(at);
                }
            }
            else
            {
                _breakoutRooms[room].DestroyedAt = at;
                foreach (var attendee in _attendees.Values)
                {
                    attendee.CloseStintIn(room, at, Stint.RoomDestroyed);
                }
            }
        }

        private Attendee? AttendeeOf(AttendanceFact fact)
        {
            if (fact.ParticipantKey is not { } key)
            {
                return null; // No one to attribute it to.
            }

            if (!_attendees.TryGetValue(key, out var attendee))
            {
                attendee = new Attendee(key, fact.OccurredAt);
                _attendees[key] = attendee;
            }

            attendee.Observe(fact);
            return attendee;
        }

        public AttendanceReport ToReport(string sessionId, string fqn)
        {
            var grants = _grants
                .Select(grant => (Grant: grant, To: Resolve(grant.ParticipantKey, grant.ParticipantJid ?? grant.ParticipantKey)))
                .Where(resolved => resolved.To is not null)
                .Select(resolved => new ModeratorGrant(
                    resolved.To!, Resolve(resolved.Grant.GrantedByKey, resolved.Grant.GrantedByKey), resolved.Grant.OccurredAt))
                .OrderBy(grant => grant.GrantedAt)
                .ThenBy(grant => grant.ParticipantId, StringComparer.Ordinal)
                .ThenBy(grant => grant.GrantedBy, StringComparer.Ordinal)
                .ToList();
            var granted = grants.Select(grant => grant.ParticipantId).ToHashSet(StringComparer.Ordinal);

            // Rule 9.
            var participants = _attendees.Values
                .OrderBy(attendee => attendee.FirstPresenceAt ?? attendee.FirstFactAt)
                .ThenBy(attendee => attendee.Key, StringComparer.Ordinal)
                .Select(attendee => attendee.ToAttendance(granted.Contains(attendee.Key)))
                .ToList();

            var breakoutRooms = _breakoutRooms.Values
                .OrderBy(room => room.FirstMentionedAt)
                .ThenBy(room => room.Id, StringComparer.Ordinal)
                .Select(room => new BreakoutRoom(room.Id, room.CreatedAt, room.DestroyedAt))
                .ToList();

            return new AttendanceReport(sessionId, fqn, _startedAt, _endedAt, participants, breakoutRooms, grants);
        }

        // Rule 8: a grant names JIDs; it belongs to the participant with that key, else to one who used that bare JID
        // (the smallest key if several did, so the choice is fixed), else it stays the bare JID.
        private string? Resolve(string? key, string? jid)
        {
            if (key is not null && _attendees.ContainsKey(key))
            {
                return key;
            }

            var bareJid = AttendanceFact.BareJid(jid);
            if (bareJid is null)
            {
                return key;
            }

            if (_attendees.ContainsKey(bareJid))
            {
                return bareJid;
            }

            return _attendees.Values
                .Where(attendee => attendee.Jids.Contains(bareJid))
                .Select(attendee => attendee.Key)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault() ?? bareJid;
        }
    }

    /// <summary>One participant's stints, waits and latest known details while facts are applied.</summary>
    private sealed class Attendee(string key, DateTimeOffset firstFactAt)
    {
        private readonly List<StintEntry> _stints = [];
        private readonly Dictionary<string, StintEntry> _openStints = new(StringComparer.Ordinal);
        private readonly List<WaitEntry> _waits = [];
        private readonly List<DateTimeOffset> _joins = [];
        private WaitEntry? _openWait;
        private string? _name;
        private string? _email;
        private string? _userId;
        private string? _kind;
        private bool _moderator;

        public string Key => key;

        public DateTimeOffset FirstFactAt => firstFactAt;

        public DateTimeOffset? FirstPresenceAt { get; private set; }

        public HashSet<string> Jids { get; } = new(StringComparer.Ordinal);

        // Rule 8: facts arrive in order here, so the last value written is the latest one.
        public void Observe(AttendanceFact fact)
        {
            _name = fact.Name ?? _name;
            _email = fact.Email ?? _email;
            _userId = fact.UserId ?? _userId;
            _kind = fact.ParticipantKind ?? _kind;
            _moderator |= fact.Moderator == true;
            if (AttendanceFact.BareJid(fact.ParticipantJid) is { } jid)
            {
                Jids.Add(jid);
            }
        }

        // Rule 3.
        public void Join(string room, DateTimeOffset at)
        {
            FirstPresenceAt ??= at;
            _joins.Add(at);
            CloseStintIn(room, at, Stint.Rejoined);
            var stint = new StintEntry(room, at);
            _stints.Add(stint);
            _openStints[room] = stint;
        }

        // Rule 3: a leave without an open stint in its room (its join lost, or already closed) changes nothing.
        public void Leave(string room, DateTimeOffset at, string? disconnectReason) =>
            CloseStintIn(room, at, disconnectReason);

        public void CloseStintIn(string room, DateTimeOffset at, string? disconnectReason)
        {
            if (_openStints.Remove(room, out var stint))
            {
                stint.LeftAt = at;
                stint.DisconnectReason = disconnectReason;
            }
        }

        // Rule 4: the main room's destroy.
        public void CloseEverything(DateTimeOffset at)
        {
            foreach (var room in _openStints.Keys.ToList())
            {
                CloseStintIn(room, at, Stint.RoomDestroyed);
            }

            LeaveLobby(at, Stint.RoomDestroyed);
        }

        // Rule 6: a second entry closes a wait whose exit was lost, like a rejoin closes a stint.
        public void EnterLobby(DateTimeOffset at)
        {
            FirstPresenceAt ??= at;
            LeaveLobby(at, null);
            _openWait = new WaitEntry(at);
            _waits.Add(_openWait);
        }

        public void LeaveLobby(DateTimeOffset at, string? disconnectReason)
        {
            if (_openWait is { } wait)
            {
                wait.LeftAt = at;
                wait.ExitReason = disconnectReason;
                _openWait = null;
            }
        }

        public ParticipantAttendance ToAttendance(bool granted)
        {
            var stints = _stints
                .OrderBy(stint => stint.JoinedAt)
                .ThenBy(stint => stint.Room, StringComparer.Ordinal)
                .Select(stint => new Stint(
                    stint.Room, stint.JoinedAt, stint.LeftAt, MillisecondsBetween(stint.JoinedAt, stint.LeftAt), stint.DisconnectReason))
                .ToList();

            var waits = _waits
                .Select((wait, index) => new LobbyWait(
                    wait.JoinedAt,
                    wait.LeftAt,
                    MillisecondsBetween(wait.JoinedAt, wait.LeftAt),
                    OutcomeOf(wait, index + 1 < _waits.Count ? _waits[index + 1].JoinedAt : null)))
                .ToList();

            // Rule 6: summed in ticks.
            var lobbyTicks = _waits.Sum(wait => wait.LeftAt is { } leftAt ? (leftAt - wait.JoinedAt).Ticks : 0L);

            return new ParticipantAttendance(
                key, _name, _email, _userId, _kind, _moderator || granted,
                Milliseconds(lobbyTicks), Milliseconds(UnionTicks()), stints, waits);
        }

        // Rule 6: a refusal stays a refusal; an admission is a join after this wait and before the next one.
        private string OutcomeOf(WaitEntry wait, DateTimeOffset? nextWaitAt)
        {
            if (wait.LeftAt is not { } leftAt)
            {
                return LobbyWait.Waiting;
            }

            if (string.Equals(wait.ExitReason, "kicked", StringComparison.Ordinal))
            {
                return LobbyWait.Refused;
            }

            return _joins.Any(join => join >= leftAt && (nextWaitAt is null || join < nextWaitAt))
                ? LobbyWait.Admitted
                : LobbyWait.Left;
        }

        // Rule 7: the length of the union of the closed stints, so overlapping rooms count once.
        private long UnionTicks()
        {
            var closed = _stints
                .Where(stint => stint.LeftAt is not null)
                .Select(stint => (Start: stint.JoinedAt.UtcTicks, End: stint.LeftAt!.Value.UtcTicks))
                .OrderBy(interval => interval.Start)
                .ToList();

            long total = 0;
            long? runStart = null;
            long runEnd = 0;
            foreach (var (start, end) in closed)
            {
                if (runStart is null || start > runEnd)
                {
                    total += runStart is null ? 0 : runEnd - runStart.Value;
                    runStart = start;
                    runEnd = end;
                }
                else
                {
                    runEnd = Math.Max(runEnd, end);
                }
            }

            return total + (runStart is null ? 0 : runEnd - runStart.Value);
        }

        private static long? MillisecondsBetween(DateTimeOffset from, DateTimeOffset? to) =>
            to is { } end ? Milliseconds((end - from).Ticks) : null;
    }

    private sealed class StintEntry(string room, DateTimeOffset joinedAt)
    {
        public string Room => room;

        public DateTimeOffset JoinedAt => joinedAt;

        public DateTimeOffset? LeftAt { get; set; }

        public string? DisconnectReason { get; set; }
    }

    private sealed class WaitEntry(DateTimeOffset joinedAt)
    {
        public DateTimeOffset JoinedAt => joinedAt;

        public DateTimeOffset? LeftAt { get; set; }

        public string? ExitReason { get; set; }
    }

    private sealed class BreakoutRoomEntry(string id, DateTimeOffset firstMentionedAt)
    {
        public string Id => id;

        public DateTimeOffset FirstMentionedAt => firstMentionedAt;

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? DestroyedAt { get; set; }
    }
}
