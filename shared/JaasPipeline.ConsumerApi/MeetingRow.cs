using JaasPipeline.Contracts;

namespace JaasPipeline.ConsumerApi;

/// <summary>A meeting as a consumer service's store finds it: its fqn and the times (Unix ms) of its first and last event.</summary>
public sealed record MeetingRow
{
    public string SessionId { get; init; } = "";
    public string Fqn { get; init; } = "";
    public long FirstEventAt { get; init; }
    public long LastEventAt { get; init; }

    public MeetingListItem ToItem() => new(
        SessionId, Fqn, JaasFqn.AppId(Fqn), JaasFqn.RoomName(Fqn),
        DateTimeOffset.FromUnixTimeMilliseconds(FirstEventAt), DateTimeOffset.FromUnixTimeMilliseconds(LastEventAt));
}
