namespace JaasPipeline.MediaArtifacts.Download;

/// <summary>How one download attempt ended.</summary>
public abstract record DownloadOutcome
{
    /// <summary>The whole body is in the partial file.</summary>
    public sealed record Complete(long Bytes, string Sha256, string? ContentType) : DownloadOutcome;

    /// <summary>The safety rules refused the link, a redirect, an address or the size: status <c>rejected</c>.</summary>
    public sealed record Refused(string Reason) : DownloadOutcome;

    /// <summary>
    /// Cannot succeed by trying again (e.g. the size differs from the payload's fileSize), or ran past
    /// MediaArtifacts:MaxDownloadTime (another try would give the same slow host another slot for as long): status <c>failed</c>.
    /// </summary>
    public sealed record Failed(string Reason) : DownloadOutcome;

    /// <summary>403/404/410: the link is gone (final once it has expired).</summary>
    public sealed record Gone(int StatusCode) : DownloadOutcome;

    /// <summary>The link expired while its body was still arriving: status <c>expired</c>.</summary>
    public sealed record Expired(string Reason) : DownloadOutcome;

    /// <summary>Retries of this attempt are spent; try again later, until the link expires.</summary>
    public sealed record Transient(string Reason) : DownloadOutcome;
}
