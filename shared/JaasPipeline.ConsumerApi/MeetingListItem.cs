namespace JaasPipeline.ConsumerApi;

/// <summary>One meeting in a consumer service's list of meetings (docs/api.md §5); fqn is <c>appId/room</c>.</summary>
public sealed record MeetingListItem(
    string SessionId, string Fqn, string AppId, string Room, DateTimeOffset FirstEventAt, DateTimeOffset LastEventAt);
