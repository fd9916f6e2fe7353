using System.Collections.Concurrent;
using System.Net;
using JaasPipeline.MediaArtifacts.Download;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>The resolver seam: maps test host names to chosen addresses; unknown names do not resolve.</summary>
public sealed class TestResolver : IMediaHostResolver
{
    public ConcurrentDictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Lookups { get; } = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Lookups.Enqueue(host);
        return Names.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
    }
}
