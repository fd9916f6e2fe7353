using JaasPipeline.ServiceDefaults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.MediaArtifacts;

/// <summary>The media-artifacts lines of the start-up banner: whether plain-http links are downloaded, and from which hosts.</summary>
internal sealed partial class MediaArtifactsBannerLines(IOptions<MediaArtifactsOptions> options) : IStartupBannerLines
{
    public void Log(ILogger logger, string service)
    {
        var hosts = string.Join(", ", options.Value.EffectiveAllowedHosts);
        if (options.Value.RequireHttps)
        {
            LogHttpsOnly(logger, service, hosts);
        }
        else
        {
            LogHttpAllowed(logger, service, hosts);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} downloads: https only, from {Hosts} (MediaArtifacts:RequireHttps, MediaArtifacts:AllowedHosts)")]
    private static partial void LogHttpsOnly(ILogger logger, string service, string hosts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} downloads: http allowed (MediaArtifacts:RequireHttps=false), from {Hosts}: links are fetched unencrypted; development only")]
    private static partial void LogHttpAllowed(ILogger logger, string service, string hosts);
}
