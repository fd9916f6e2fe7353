namespace JaasPipeline.Attendance.Reports;

/// <summary>One wait of a participant in the meeting's lobby.</summary>
/// <param name="LeftAt">Null while still waiting.</param>
/// <param name="DurationMs">LeftAt − JoinedAt in milliseconds; null while waiting.</param>
/// <param name="Outcome"><see cref="Admitted"/>, <see cref="Refused"/>, <see cref="Left"/> or <see cref="Waiting"/>.</param>
public sealed record LobbyWait(DateTimeOffset JoinedAt, DateTimeOffset? LeftAt, long? DurationMs, string Outcome)
{
    /// <summary>The participant joined the meeting at or after the wait's end (and before any later wait).</summary>
    public const string Admitted = "admitted";

    /// <summary>The lobby exit's disconnectReason was "kicked": a moderator refused entry.</summary>
    public const string Refused = "refused";

    /// <summary>The wait ended without an admission or refusal: the participant gave up, or the meeting ended.</summary>
    public const string Left = "left";

    /// <summary>No end of the wait has been seen.</summary>
    public const string Waiting = "waiting";
}
