namespace JaasPipeline.MediaArtifacts;

/// <summary>One artifact as the read API lists it.</summary>
/// <param name="Reason">Why it is not stored (or why it was deleted); null when stored.</param>
/// <param name="SizeBytes">The stored file's size; null until stored.</param>
/// <param name="ExpiresAt">When JaaS's link stops working (24 h, 48 h for statistics files).</param>
public sealed record ArtifactSummary(
    Guid ArtifactId, string Kind, string Status, string? Reason, long? SizeBytes, string? Sha256, string? FileName, string EventType,
    DateTimeOffset CreatedAt, DateTimeOffset? StoredAt, DateTimeOffset ExpiresAt);
