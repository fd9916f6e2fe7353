namespace JaasPipeline.MediaArtifacts.Download;

/// <summary>
/// <c>MediaArtifacts:AllowedHosts</c>: an entry is an exact host (<c>storage.example.com</c>, <c>127.0.0.1</c>), a
/// domain with its subdomains (<c>.8x8.vc</c>), subdomains only (<c>*.amazonaws.com</c>, any depth), or labels with a
/// <c>*</c> matching exactly one label (<c>objectstorage.*.oraclecloud.com</c>). Only exact entries are "explicitly
/// allowed": their addresses are not checked (an operator named that very host).
/// </summary>
public sealed class HostAllowList(IEnumerable<string> entries)
{
    private readonly string[] entries = entries.Select(Normalize).ToArray();

    public static bool IsValidEntry(string entry)
    {
        var e = Normalize(entry);
        if (e.Length == 0 || e.Contains(' ') || e.Contains('/'))
        {
            return false;
        }

        var body = e.StartsWith("*.", StringComparison.Ordinal) ? e[2..] : e.StartsWith('.') ? e[1..] : e;
        return body.Length > 0 && body.Split('.').All(label => label.Length > 0);
    }

    public bool IsAllowed(string host)
    {
        var h = Normalize(host);
        return entries.Any(entry => Matches(entry, h));
    }

    /// <summary>True when the host is listed exactly (not through a pattern).</summary>
    public bool IsExplicitlyAllowed(string host)
    {
        var h = Normalize(host);
        return entries.Any(entry => !entry.Contains('*') && !entry.StartsWith('.') && entry == h);
    }

    private static bool Matches(string entry, string host)
    {
        if (entry.StartsWith('.'))
        {
            return host == entry[1..] || host.EndsWith(entry, StringComparison.Ordinal);
        }

        if (entry.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(entry[1..], StringComparison.Ordinal) && host.Length > entry.Length - 1;
        }

        if (!entry.Contains('*'))
        {
            return entry == host;
        }

        var want = entry.Split('.');
        var have = host.Split('.');
        return want.Length == have.Length && want.Zip(have).All(pair => pair.First == "*" ? pair.Second.Length > 0 : pair.First == pair.Second);
    }

    private static string Normalize(string host) => host.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();
}
