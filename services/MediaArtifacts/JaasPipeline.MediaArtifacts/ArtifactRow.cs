namespace JaasPipeline.MediaArtifacts;

/// <summary>One row of <c>media_artifacts</c> (times in Unix milliseconds, as stored).</summary>
public sealed record ArtifactRow
{
    public string ArtifactId { get; init; } = "";
    public string IdempotencyKey { get; init; } = "";
    public int LinkIndex { get; init; }
    public string? ParentId { get; init; }
    public string EventType { get; init; } = "";
    public string Kind { get; init; } = "";
    public string SessionId { get; init; } = "";
    public string Fqn { get; init; } = "";
    public long EventTimestamp { get; init; }
    public string? Url { get; init; }

    /// <summary>The host <see cref="Url"/> points at (lower case, no port; '' without a link): its share of the download slots is counted by it.</summary>
    public string StorageHost { get; init; } = "";

    public string? FileName { get; init; }
    public string? FileKey { get; init; }
    public long? ExpectedBytes { get; init; }
    public string? ParticipantId { get; init; }
    public string? ParticipantName { get; init; }
    public string? EndpointId { get; init; }
    public string Status { get; init; } = ArtifactStatus.Pending;
    public string? Reason { get; init; }
    public int Attempts { get; init; }
    public long NextAttemptAt { get; init; }
    public long ExpiresAt { get; init; }
    public string? Validator { get; init; }
    public string? ContentType { get; init; }
    public string? StorageKey { get; init; }
    public long? Bytes { get; init; }
    public string? Sha256 { get; init; }
    public long CreatedAt { get; init; }
    public long? StoredAt { get; init; }
    public long? PublishedAt { get; init; }
}

/// <summary>The statuses of an artifact (the read API's <c>status</c>).</summary>
public static class ArtifactStatus
{
    public const string Pending = "pending";
    public const string Downloading = "downloading";
    public const string Stored = "stored";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Rejected = "rejected";
    public const string Deleted = "deleted";
}
