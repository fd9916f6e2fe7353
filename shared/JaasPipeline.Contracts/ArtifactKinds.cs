namespace JaasPipeline.Contracts;

/// <summary>The kinds of file the media-artifacts service stores, as its read API and <see cref="ArtifactStored"/> name them.</summary>
public static class ArtifactKinds
{
    public const string Recording = "recording";
    public const string Transcription = "transcription";
    public const string Chat = "chat";
    public const string VideoSegment = "video-segment";
    public const string Screenshots = "screenshots";
    public const string RtcStats = "rtcstats";
    public const string Document = "document";
}
