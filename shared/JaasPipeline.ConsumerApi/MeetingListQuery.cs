namespace JaasPipeline.ConsumerApi;

/// <summary>
/// A page of a consumer service's meetings, as its store runs it: the filters, and the keyset of the page (newest first by
/// last event, then sessionId descending). Property names are the SQL parameters; times are Unix ms.
/// </summary>
/// <param name="AppId">Only meetings whose fqn's appId is this (the part before the first '/').</param>
/// <param name="Room">Only meetings whose fqn's room name is this (everything after the first '/').</param>
/// <param name="From">Only meetings whose last event is at or after this.</param>
/// <param name="To">Only meetings whose last event is at or before this.</param>
/// <param name="Take">Rows to read: one more than the page, which tells whether another page exists.</param>
/// <param name="AfterLastEventAt">The last event of the previous page's last meeting; null on the first page.</param>
/// <param name="AfterSessionId">The previous page's last meeting; null on the first page.</param>
public sealed record MeetingListQuery(
    string? AppId, string? Room, long? From, long? To, int Take, long? AfterLastEventAt, string? AfterSessionId);
