using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace JaasPipeline.Traffic;

/// <summary>
/// The simulator and the benchmark only talk to this machine: every URL it is given must name a loopback host, and the HTTP clients it
/// makes neither use a proxy nor follow redirects.
/// </summary>
public static class LoopbackAddress
{
    public static bool TryParse(string option, string? url, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? refusal)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            uri = null;
            refusal = $"Refused: {option} '{url}' is not an absolute http(s) URL.";
            return false;
        }

        if (!IsLoopback(uri.DnsSafeHost))
        {
            refusal = $"Refused: {option} '{uri.Host}' is not a loopback host (127.0.0.0/8, ::1, localhost); this tool only sends traffic to this machine.";
            uri = null;
            return false;
        }

        refusal = null;
        return true;
    }

    /// <summary>A client with at most <paramref name="connections"/> connections per server, no proxy, no redirects.</summary>
    public static HttpClient CreateClient(int connections) =>
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
