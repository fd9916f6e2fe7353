namespace JaasPipeline.Contracts;

/// <summary>The meeting's chat file is ready for download (CHAT_UPLOADED).</summary>
public sealed record ChatUploaded : JaasEvent
{
    /// <summary>Download URL of the chat file; docs/jaas-reference.md, Download links: valid for 24 hours.</summary>
    public string? PreAuthenticatedLink { get; init; }
}
