namespace JaasPipeline.Contracts;

/// <summary>A document was added to the meeting (DOCUMENT_ADDED).</summary>
public sealed record DocumentAdded : JaasEvent
{
    /// <summary>Download URL of the document; docs/jaas-reference.md, Download links: valid for 24 hours.</summary>
    public string? PreAuthenticatedLink { get; init; }

    /// <summary>When <see cref="PreAuthenticatedLink"/> expires (sent in Unix milliseconds).</summary>
    public DateTimeOffset? LinkExpiration { get; init; }

    public string? FileName { get; init; }

    public string? FileId { get; init; }

    /// <summary>In bytes.</summary>
    public long? FileSize { get; init; }

    /// <summary>Who uploaded it.</summary>
    public string? InitiatorId { get; init; }

    /// <summary>When it was uploaded.</summary>
    public DateTimeOffset? FileCreatedAt { get; init; }
}
