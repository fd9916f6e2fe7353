namespace JaasPipeline.Contracts;

/// <summary>A conference was created (ROOM_CREATED).</summary>
public sealed record RoomCreated : JaasEvent
{
    /// <summary>The full room (MUC) name.</summary>
    public string? Conference { get; init; }

    /// <summary>Whether the event happened in a breakout room.</summary>
    public bool? IsBreakout { get; init; }

    /// <summary>The breakout room, when <see cref="IsBreakout"/>.</summary>
    public string? BreakoutRoomId { get; init; }
}
