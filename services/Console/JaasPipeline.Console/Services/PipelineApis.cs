using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Console.Services;

/// <summary>
/// The API of each service, as <c>Console:Services</c> says where it is and which key to send. A service without a
/// base URL is this host itself (the Standalone: the console calls its own APIs over loopback HTTP).
/// </summary>
public sealed class PipelineApis(IHttpClientFactory clients, IOptions<ConsoleOptions> options, IServer server)
{
    /// <summary>The name of the HttpClient every call goes through (its timeout is set where it is registered).</summary>
    public const string ClientName = "jaas-console";

    public ServiceApi For(PipelineService service)
    {
        var settings = options.Value.Services.All.Single(entry => entry.Service == service).Options;
        var key = string.IsNullOrEmpty(settings.ApiKey) ? options.Value.ApiKey : settings.ApiKey;
        return new ServiceApi(clients.CreateClient(ClientName), service, settings.BaseUrl ?? OwnAddress(), key);
    }

    public IEnumerable<ServiceApi> All => Enum.GetValues<PipelineService>().Select(For);

    // Kestrel's first address, with a wildcard host (0.0.0.0, [::], +, *) replaced by the loopback address.
    private Uri OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host listens nowhere yet, so the console cannot call its own APIs.");
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        uri.Host = uri.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" or "::" => "[::1]",
            _ => uri.Host,
        };
        return uri.Uri;
    }
}
