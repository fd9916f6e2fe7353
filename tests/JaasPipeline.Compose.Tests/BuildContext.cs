using System.Text;
using System.Text.RegularExpressions;
using JaasPipeline.Testing;

namespace JaasPipeline.Compose.Tests;

/// <summary>
/// What <c>docker build</c> sends as the context of compose/Dockerfile: the repository's folder less the patterns of
/// <c>.dockerignore</c> (Docker's rules: a pattern matches a path relative to the context, <c>*</c> within one path
/// segment, <c>**</c> across any number; a matched folder excludes everything under it).
/// </summary>
public static class BuildContext
{
    /// <summary>Whether <paramref name="relativePath"/> (with <c>/</c>) is left out of the context.</summary>
    public static bool IsIgnored(string relativePath, IReadOnlyList<Regex> patterns)
    {
        var segments = relativePath.Split('/');
        return Enumerable.Range(1, segments.Length)
            .Select(count => string.Join('/', segments.Take(count)))
            .Any(prefix => patterns.Any(pattern => pattern.IsMatch(prefix)));
    }

    public static IReadOnlyList<Regex> Patterns(IEnumerable<string> dockerignoreLines)
    {
        var patterns = new List<Regex>();
        foreach (var line in dockerignoreLines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            // Exceptions (!pattern) are not used here; supporting them would need Docker's last-match-wins order.
            Assert.That(line, Does.Not.StartWith("!"), ".dockerignore exceptions are not supported by this check");
            patterns.Add(new Regex("^" + ToRegex(line.TrimStart('/').TrimEnd('/')) + "$"));
        }

        return patterns;
    }

    /// <summary>Copies the repository's files that the context holds into <paramref name="target"/>.</summary>
    public static void CopyTo(string target)
    {
        var root = ServiceProcess.RepositoryRoot;
        var patterns = Patterns(File.ReadAllLines(Path.Combine(root, ".dockerignore")));
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (IsIgnored(relative, patterns))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern.AsSpan(i).StartsWith("**/"))
            {
                regex.Append("(.*/)?");
                i += 2;
            }
            else if (pattern.AsSpan(i).StartsWith("**"))
            {
                regex.Append(".*");
                i += 1;
            }
            else if (pattern[i] == '*')
            {
                regex.Append("[^/]*");
            }
            else if (pattern[i] == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(pattern[i].ToString()));
            }
        }

        return regex.ToString();
    }
}
