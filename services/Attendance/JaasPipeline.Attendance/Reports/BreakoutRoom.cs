namespace JaasPipeline.Attendance.Reports;

/// <summary>A breakout room of the meeting; times are null when that ROOM_CREATED / ROOM_DESTROYED was not received.</summary>
public sealed record BreakoutRoom(string BreakoutRoomId, DateTimeOffset? CreatedAt, DateTimeOffset? DestroyedAt);
