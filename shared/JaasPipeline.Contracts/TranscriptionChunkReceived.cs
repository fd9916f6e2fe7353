namespace JaasPipeline.Contracts;

/// <summary>A final transcription phrase is available during the meeting (TRANSCRIPTION_CHUNK_RECEIVED).</summary>
public sealed record TranscriptionChunkReceived : JaasEvent
{
    /// <summary>The transcribed phrase (sent as <c>final</c>).</summary>
    public string? Final { get; init; }

    /// <summary>e.g. "en".</summary>
    public string? Language { get; init; }

    /// <summary>Unique id of the phrase (sent as <c>messageID</c>).</summary>
    public string? MessageId { get; init; }

    /// <summary>Who spoke.</summary>
    public TranscriptionParticipant? Participant { get; init; }
}
