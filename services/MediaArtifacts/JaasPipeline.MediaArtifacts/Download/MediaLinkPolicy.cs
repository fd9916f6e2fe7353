using Microsoft.Extensions.Options;

namespace JaasPipeline.MediaArtifacts.Download;

/// <summary>The rules a link (and every redirect) must pass before any request: scheme, no credentials, allowed host.</summary>
public sealed class MediaLinkPolicy(IOptions<MediaArtifactsOptions> options)
{
    private readonly HostAllowList allowList = new(options.Value.EffectiveAllowedHosts);

    public HostAllowList AllowList => allowList;

    /// <summary>Why <paramref name="link"/> is refused, or null (and the parsed URI) if it may be fetched.</summary>
    public string? RefusalOf(string? link, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(link))
        {
            return "the event carries no link";
        }

        if (!Uri.TryCreate(link, UriKind.Absolute, out var parsed))
        {
            return "the link is not an absolute URL";
        }

        return RefusalOf(uri = parsed);
    }

    /// <summary>The storage host of a link, as the download slots are shared out by it: lower case, no port ('' without a link).</summary>
    public static string StorageHostOf(Uri? uri)
    {
        var host = uri?.IdnHost.ToLowerInvariant() ?? "";
        // A DNS name has at most 253 characters and the column 255: a longer one cannot resolve, its row is only labelled.
        return host.Length > 255 ? host[..255] : host;
    }

    public string? RefusalOf(Uri uri)
    {
        var https = uri.Scheme == Uri.UriSchemeHttps;
        var http = uri.Scheme == Uri.UriSchemeHttp;
        if (!https && !(http && !options.Value.RequireHttps))
        {
            return $"scheme '{uri.Scheme}' is not allowed (https only unless MediaArtifacts:RequireHttps=false)";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "the link carries credentials in its authority";
        }

        return allowList.IsAllowed(uri.IdnHost) ? null : $"host '{uri.IdnHost}' is not in MediaArtifacts:AllowedHosts";
    }
}
