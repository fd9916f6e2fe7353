namespace JaasPipeline.Contracts;

/// <summary>Someone in the meeting when a recording was uploaded.</summary>
public sealed record RecordingParticipant
{
    public string? Name { get; init; }

    /// <summary>Avatar URL.</summary>
    public string? Avatar { get; init; }

    /// <summary>The <c>userId</c> (sent as <c>id</c>).</summary>
    public string? UserId { get; init; }
}
