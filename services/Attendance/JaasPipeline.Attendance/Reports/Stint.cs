namespace JaasPipeline.Attendance.Reports;

/// <summary>One uninterrupted stay of a participant in one room.</summary>
/// <param name="Room"><see cref="AttendanceFact.MainRoom"/> or a breakoutRoomId.</param>
/// <param name="LeftAt">Null while the stint is open (no leave and no room destroy seen).</param>
/// <param name="DurationMs">LeftAt − JoinedAt in milliseconds; null while open.</param>
/// <param name="DisconnectReason">As JaaS sent it, or <see cref="Rejoined"/> / <see cref="RoomDestroyed"/>.</param>
public sealed record Stint(string Room, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt, long? DurationMs, string? DisconnectReason)
{
    /// <summary>Closed by a later join in the same room: the leave in between was never received.</summary>
    public const string Rejoined = "rejoined";

    /// <summary>Closed because its room (or the main room) was destroyed while it was open.</summary>
    public const string RoomDestroyed = "room_destroyed";
}
