namespace JaasPipeline.MediaArtifacts.Download;

/// <summary>A link (or a redirect, or the address a host resolves to) that the safety rules refuse: never retried.</summary>
public sealed class MediaLinkRefusedException(string reason) : Exception(reason);
