using System.Collections.Concurrent;

namespace JaasPipeline.Data.Tests;

/// <summary>How many times the probe consumer of one host started on each probe key.</summary>
public sealed class ProbeAttempts
{
    private readonly ConcurrentDictionary<Guid, int> attempts = new();

    /// <summary>Counts a new attempt and returns its number, from 1.</summary>
    public int Start(Guid key) => attempts.AddOrUpdate(key, 1, (_, count) => count + 1);

    public int Of(Guid key) => attempts.GetValueOrDefault(key);
}
