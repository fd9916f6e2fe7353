namespace JaasPipeline.Contracts;

/// <summary>The speaker of a transcription phrase.</summary>
public sealed record TranscriptionParticipant
{
    /// <summary>The Jitsi id of the participant (sent as <c>id</c>).</summary>
    public string? ParticipantId { get; init; }

    public string? Name { get; init; }

    /// <summary>The <c>userId</c> from the JWT.</summary>
    public string? UserId { get; init; }

    public string? Email { get; init; }

    public string? AvatarUrl { get; init; }
}
