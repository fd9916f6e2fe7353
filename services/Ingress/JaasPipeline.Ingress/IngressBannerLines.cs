using JaasPipeline.ServiceDefaults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress;

/// <summary>The ingress's lines of the start-up banner: whether deliveries' signatures are checked, and with how many secrets.</summary>
internal sealed partial class IngressBannerLines(IOptions<IngressOptions> options) : IStartupBannerLines
{
    public void Log(ILogger logger, string service)
    {
        var secrets = options.Value.WebhookSecrets.Count;
        if (secrets > 0)
        {
            LogChecked(logger, service, secrets);
        }
        else
        {
            // The options validation stops the host when there is no secret unless AllowUnsigned is on.
            LogUnsigned(logger, service);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} signatures: checked ({Secrets} secrets in Ingress:WebhookSecrets)")]
    private static partial void LogChecked(ILogger logger, string service, int secrets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} signatures: NOT checked (Ingress:AllowUnsigned=true and no Ingress:WebhookSecrets): deliveries are not authenticated; development only")]
    private static partial void LogUnsigned(ILogger logger, string service);
}
