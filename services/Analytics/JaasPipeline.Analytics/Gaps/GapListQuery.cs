namespace JaasPipeline.Analytics.Gaps;

/// <summary>
/// A page of meetings with gaps, as the store runs it (property names are the SQL parameters; times Unix ms): newest first
/// by the latest detectedAt of their gaps that match, then sessionId descending.
/// </summary>
/// <param name="Kind">Only gaps of this kind.</param>
/// <param name="From">Only gaps detected at or after this.</param>
/// <param name="To">Only gaps detected at or before this.</param>
/// <param name="Take">Rows to read: one more than the page, which tells whether another page exists.</param>
/// <param name="AfterDetectedAt">The latest detectedAt of the previous page's last meeting; null on the first page.</param>
/// <param name="AfterSessionId">The previous page's last meeting; null on the first page.</param>
public sealed record GapListQuery(string? Kind, long? From, long? To, int Take, long? AfterDetectedAt, string? AfterSessionId);
