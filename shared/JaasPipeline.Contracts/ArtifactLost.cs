namespace JaasPipeline.Contracts;

/// <summary>
/// The media-artifacts service gave up on a file a JaaS event linked to: the link expired before the file could be
/// stored (docs/jaas-reference.md, Download links: links live 24 h, statistics links 48 h). Published once the artifact's final state is committed,
/// with the artifact's id as MessageId, so analytics can name the loss as a gap of the meeting.
/// </summary>
public sealed record ArtifactLost
{
    /// <summary>The artifact's id in the media-artifacts service (its read API's <c>artifactId</c>).</summary>
    public Guid ArtifactId { get; init; }

    /// <summary>One of <see cref="ArtifactKinds"/>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The <c>eventType</c> of the event that carried the link, e.g. <c>RECORDING_UPLOADED</c>.</summary>
    public string EventType { get; init; } = "";

    /// <summary>The idempotency key of the event that carried the link.</summary>
    public string IdempotencyKey { get; init; } = "";

    /// <summary>The meeting session the file belonged to.</summary>
    public string SessionId { get; init; } = "";

    /// <summary>The meeting's fully qualified name, <c>[AppID]/[room name]</c>.</summary>
    public string Fqn { get; init; } = "";

    /// <summary>The originating event's timestamp (UTC).</summary>
    public DateTimeOffset EventTimestamp { get; init; }

    /// <summary>When the link stopped being valid, as the media-artifacts service reckoned it.</summary>
    public DateTimeOffset LinkExpiresAt { get; init; }

    /// <summary>The last reason the download did not succeed (e.g. <c>HTTP 403</c>; never the link itself).</summary>
    public string Reason { get; init; } = "";
}
