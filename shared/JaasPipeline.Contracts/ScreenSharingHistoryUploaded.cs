namespace JaasPipeline.Contracts;

/// <summary>Screenshots of screen sharing are ready, after ROOM_DESTROYED (SCREEN_SHARING_HISTORY).</summary>
public sealed record ScreenSharingHistoryUploaded : JaasEvent
{
    /// <summary>Download URL of the list of screenshot links; docs/jaas-reference.md, Download links: valid for 24 hours.</summary>
    public string? PreAuthenticatedLink { get; init; }

    /// <summary>The same list with pagination; valid for 24 hours.</summary>
    public string? PreAuthenticatedLinkV2 { get; init; }

    /// <summary>When <see cref="PreAuthenticatedLink"/> expires (sent in Unix milliseconds).</summary>
    public DateTimeOffset? LinkExpiration { get; init; }
}
