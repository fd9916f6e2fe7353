namespace JaasPipeline.Contracts;

/// <summary>
/// The media-artifacts service has stored a file a JaaS event linked to. Published after the file is in the artifact
/// store, so transcription and analytics can read it from there (never from JaaS's short-lived link).
/// </summary>
public sealed record ArtifactStored
{
    /// <summary>The artifact's id in the media-artifacts service (its read API's <c>artifactId</c>).</summary>
    public Guid ArtifactId { get; init; }

    /// <summary>One of <c>recording</c>, <c>transcription</c>, <c>chat</c>, <c>video-segment</c>, <c>screenshots</c>,
    /// <c>rtcstats</c>, <c>document</c> (see <see cref="ArtifactKinds"/>).</summary>
    public string Kind { get; init; } = "";

    /// <summary>The <c>eventType</c> of the event that carried the link, e.g. <c>RTCSTATS_UPLOADED</c>.</summary>
    public string EventType { get; init; } = "";

    /// <summary>The idempotency key of the event that carried the link.</summary>
    public string IdempotencyKey { get; init; } = "";

    /// <summary>The meeting session the file belongs to.</summary>
    public string SessionId { get; init; } = "";

    /// <summary>The meeting's fully qualified name, <c>[AppID]/[room name]</c>.</summary>
    public string Fqn { get; init; } = "";

    /// <summary>The originating event's timestamp (UTC).</summary>
    public DateTimeOffset EventTimestamp { get; init; }

    /// <summary>Where the file is in the artifact store: a relative key, <c>{appId}/{room}/{sessionId}/{kind}/{name}</c>.</summary>
    public string StoragePath { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of the stored bytes.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>Size of the stored file in bytes.</summary>
    public long Bytes { get; init; }

    /// <summary>The file name as the payload gave it: metadata only, never a path.</summary>
    public string? FileName { get; init; }

    /// <summary>The Content-Type the storage host answered with, if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>RTCSTATS_UPLOADED: the <c>userId</c> from the JWT.</summary>
    public string? ParticipantId { get; init; }

    /// <summary>RTCSTATS_UPLOADED: the <c>name</c> from the JWT.</summary>
    public string? ParticipantName { get; init; }

    /// <summary>RTCSTATS_UPLOADED: the participant's XMPP endpoint id.</summary>
    public string? EndpointId { get; init; }
}
