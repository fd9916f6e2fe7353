namespace JaasPipeline.Attendance.Reports;

/// <summary>A ROLE_CHANGED grant of moderator rights.</summary>
/// <param name="ParticipantId">The participant who received the rights: their participant key, else the bare JID.</param>
/// <param name="GrantedBy">The participant who gave them: their participant key, else the bare JID; null if not sent.</param>
public sealed record ModeratorGrant(string ParticipantId, string? GrantedBy, DateTimeOffset GrantedAt);
