namespace JaasPipeline.Analytics.Gaps;

/// <summary>One meeting of <c>GET /api/analytics/gaps</c>: who it is, and its gaps that match the query, newest first.</summary>
/// <param name="LastDetectedAt">The latest detectedAt of <paramref name="Gaps"/> (the list's order).</param>
public sealed record GapMeetingItem(
    string SessionId, string? Fqn, string? AppId, string? Room, DateTimeOffset LastDetectedAt, IReadOnlyList<MeetingGap> Gaps);
