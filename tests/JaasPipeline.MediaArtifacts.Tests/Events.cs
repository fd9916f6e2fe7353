using JaasPipeline.Contracts;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>JaaS events as the ingress publishes them, with fresh keys and sessions.</summary>
public static class Events
{
    public static string NewSession() => "session-" + Guid.NewGuid().ToString("N")[..12];

    public static RecordingUploaded Recording(string sessionId, string? link, DateTimeOffset? timestamp = null, string fqn = "app1/room1") => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(), EventType = "RECORDING_UPLOADED", SessionId = sessionId, Fqn = fqn,
        Timestamp = timestamp ?? DateTimeOffset.UtcNow, PreAuthenticatedLink = link,
    };

    public static VideoSegmentUploaded VideoSegment(string sessionId, string link, DateTimeOffset linkExpiration) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(), EventType = "VIDEO_SEGMENT_UPLOADED", SessionId = sessionId, Fqn = "app1/room1",
        Timestamp = DateTimeOffset.UtcNow, PreAuthenticatedLink = link, LinkExpiration = linkExpiration,
    };

    public static DocumentAdded DocumentAdded(string sessionId, string link, string fileId, long? fileSize = null, string fileName = "slides.pdf") => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(), EventType = "DOCUMENT_ADDED", SessionId = sessionId, Fqn = "app1/room1",
        Timestamp = DateTimeOffset.UtcNow, PreAuthenticatedLink = link, FileId = fileId, FileName = fileName, FileSize = fileSize,
    };

    public static DocumentDeleted DocumentDeleted(string sessionId, string fileId) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(), EventType = "DOCUMENT_DELETED", SessionId = sessionId, Fqn = "app1/room1",
        Timestamp = DateTimeOffset.UtcNow, FileId = fileId, FileName = "slides.pdf",
    };

    public static ScreenSharingHistoryUploaded Screenshots(string sessionId, string link) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(), EventType = "SCREEN_SHARING_HISTORY", SessionId = sessionId, Fqn = "app1/room1",
        Timestamp = DateTimeOffset.UtcNow, PreAuthenticatedLinkV2 = link,
    };

    public static RtcStatsUploaded RtcStats(string sessionId, string link, DateTimeOffset timestamp) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(), EventType = "RTCSTATS_UPLOADED", SessionId = sessionId, Fqn = "app1/room1",
        Timestamp = timestamp, StatsUrl = link, ParticipantId = "user-1", ParticipantName = "Ann", EndpointId = "ep1",
    };
}
