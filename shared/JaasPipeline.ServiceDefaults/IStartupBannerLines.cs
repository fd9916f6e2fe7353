using Microsoft.Extensions.Logging;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// A module's lines of the start-up banner: what it has on and why (signatures, downloads …), one short line each,
/// never a secret's value. Registered in DI by the module; the banner writes them after the API access lines.
/// </summary>
public interface IStartupBannerLines
{
    void Log(ILogger logger, string service);
}
