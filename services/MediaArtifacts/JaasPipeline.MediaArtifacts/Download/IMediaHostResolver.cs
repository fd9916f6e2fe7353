using System.Net;

namespace JaasPipeline.MediaArtifacts.Download;

/// <summary>Resolves a link's host to addresses (the seam tests use to map test names to private addresses).</summary>
public interface IMediaHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
public sealed class DnsMediaHostResolver : IMediaHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
