using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace JaasPipeline.Ingress.Benchmark;

/// <summary>
/// The ingress under load. Only loopback hosts are accepted, and the HTTP clients it makes neither use a proxy nor
/// follow redirects, so that a benchmark never sends traffic off this machine.
/// </summary>
internal sealed class BenchmarkTarget
{
    private BenchmarkTarget(Uri baseUrl) => BaseUrl = baseUrl;

    public Uri BaseUrl { get; }

    public Uri Webhook => new(BaseUrl, WebhookApi.Route);

    public Uri Live => new(BaseUrl, "/health/live");

    public Uri Metrics => new(BaseUrl, "/metrics");

    public static bool TryCreate(string? url, [NotNullWhen(true)] out BenchmarkTarget? target, [NotNullWhen(false)] out string? refusal)
    {
        target = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            refusal = $"Refused: '{url}' is not an absolute http(s) URL.";
            return false;
        }

        if (!IsLoopback(uri.DnsSafeHost))
        {
            refusal = $"Refused: '{uri.Host}' is not a loopback host (127.0.0.0/8, ::1, localhost); the benchmark only sends traffic to this machine.";
            return false;
        }

        target = new BenchmarkTarget(uri);
        refusal = null;
        return true;
    }

    /// <summary>A client with <paramref name="connections"/> connections at most to the ingress.</summary>
    public HttpClient CreateClient(int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            AllowAutoRedirect = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
