using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace JaasPipeline.MediaArtifacts;

/// <summary>
/// Storage keys <c>{appId}/{room}/{sessionId}/{kind}/{generated name}</c>. App ids, room names and session ids come from
/// the internet: a segment outside [A-Za-z0-9._-], starting with '.', or too long is replaced by a readable prefix and a
/// hash of the original, so no value can climb out of its folder or collide with another. The payload's fileName
/// only lends its extension (when plain), never a path.
/// </summary>
public static partial class ArtifactKeys
{
    private const int MaxSegment = 80;

    public static string For(string fqn, string sessionId, string kind, Guid artifactId, string? fileName, string? url)
    {
        var slash = fqn.IndexOf('/');
        var appId = slash < 0 ? fqn : fqn[..slash];
        var room = slash < 0 ? "" : fqn[(slash + 1)..];
        return string.Join('/', Segment(appId), Segment(room), Segment(sessionId), Segment(kind), artifactId.ToString("N") + Extension(fileName, url));
    }

    public static string Segment(string value)
    {
        if (value.Length is > 0 and <= MaxSegment && SafeSegment().IsMatch(value) && !value.StartsWith('.'))
        {
            return value;
        }

        var readable = UnsafeChars().Replace(value, "_").TrimStart('.');
        if (readable.Length > 40)
        {
            readable = readable[..40];
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
        return $"{(readable.Length == 0 ? "_" : readable)}~{hash}";
    }

    /// <summary>".mp4" from "talk.mp4" or ".../file.mp4?sig=…"; ".bin" when there is no plain extension.</summary>
    public static string Extension(string? fileName, string? url)
    {
        foreach (var candidate in new[] { fileName, url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : null })
        {
            var ext = Path.GetExtension(candidate ?? "");
            if (PlainExtension().IsMatch(ext))
            {
                return ext.ToLowerInvariant();
            }
        }

        return ".bin";
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeSegment();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeChars();

    [GeneratedRegex("^\\.[A-Za-z0-9]{1,10}$")]
    private static partial Regex PlainExtension();
}
