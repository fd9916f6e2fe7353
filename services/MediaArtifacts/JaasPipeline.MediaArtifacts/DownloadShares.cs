namespace JaasPipeline.MediaArtifacts;

/// <summary>The most live downloads one storage host and one meeting may hold at once (of all the workers' slots).</summary>
public sealed record DownloadShares(int PerStorageHost, int PerMeeting)
{
    public static DownloadShares Of(MediaArtifactsOptions options) =>
        new(options.EffectiveMaxConcurrentDownloadsPerStorageHost, options.EffectiveMaxConcurrentDownloadsPerMeeting);
}
