namespace JaasPipeline.Contracts;

/// <summary>A document was deleted from the meeting (DOCUMENT_DELETED).</summary>
public sealed record DocumentDeleted : JaasEvent
{
    /// <summary>Who deleted it.</summary>
    public string? InitiatorId { get; init; }

    public string? FileId { get; init; }

    public string? FileName { get; init; }
}
