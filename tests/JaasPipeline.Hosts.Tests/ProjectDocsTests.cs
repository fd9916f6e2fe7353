using System.Text;
using System.Text.RegularExpressions;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// What the repository tells its users holds: the signature test vector, links that resolve, metric names the code
/// exports, and no pointer to files it lacks.
/// </summary>
public sealed partial class ProjectDocsTests
{
    [Test]
    public void SignatureTestVectorOfTheDocs_IsWhatTheIngressComputes()
    {
        var doc = File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot, "docs", "webhook-signature.md"));
        var secret = Secret().Match(doc).Groups[1].Value;
        var timestamp = long.Parse(Timestamp().Match(doc).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var body = Body().Match(doc).Groups[1].Value;
        var signature = Signature().Match(doc).Groups[1].Value;

        var header = JaasSignature.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body));

        Assert.That(signature, Is.EqualTo("xlzqEojlh4qb21sQpXYsWgyK8x9HVpz+RQldsv18rV0="));
        Assert.That(header, Is.EqualTo($"t={timestamp},v1={signature}"));
    }

    [Test]
    public void Readme_PointsAtNoFileOutsideTheRepository()
    {
        foreach (var (name, text) in Docs())
        {
            Assert.That(text, Does.Not.Contain("NOTES.md").And.Not.Contain("/work/shared").And.Not.Contain("../shared"), name);
        }
    }

    [Test]
    public void EveryRelativeLinkOfTheDocs_ResolvesToAFileAndHeadingOfTheRepository()
    {
        var broken = new List<string>();
        foreach (var (name, text) in Docs())
        {
            var folder = Path.GetDirectoryName(Path.Combine(ServiceProcess.RepositoryRoot, name))!;
            foreach (Match link in Link().Matches(WithoutCode(text)))
            {
                var target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var (file, anchor) = hash < 0 ? (target, null) : (target[..hash], target[(hash + 1)..]);
                var path = Path.GetFullPath(file.Length == 0 ? Path.Combine(ServiceProcess.RepositoryRoot, name) : Path.Combine(folder, file));
                if (!path.StartsWith(ServiceProcess.RepositoryRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !(File.Exists(path) || Directory.Exists(path)))
                {
                    broken.Add($"{name}: {target} (no such file in the repository)");
                }
                else if (anchor is not null && path.EndsWith(".md", StringComparison.Ordinal) && !HeadingAnchors(File.ReadAllText(path)).Contains(anchor))
                {
                    broken.Add($"{name}: {target} (no such heading)");
                }
            }
        }

        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void EveryMetricNameOfTheDocs_IsOneTheCodeExports()
    {
        var root = ServiceProcess.RepositoryRoot;
        var exported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in new[] { "services", "shared" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)))
        {
            foreach (Match instrument in Instrument().Matches(File.ReadAllText(source)))
            {
                exported.Add(ExportedName(instrument.Groups["kind"].Value, instrument.Groups["name"].Value, instrument.Groups["unit"].Value));
            }
        }

        // The SQL Server databases of compose are named jaas_<service> too; they are not metrics.
        var databases = Directory.EnumerateFiles(Path.Combine(root, "compose"), "*", SearchOption.AllDirectories)
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"CREATE DATABASE (\w+)").Select(match => match.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var named = Docs().SelectMany(doc => MetricName().Matches(doc.Text).Select(match => (doc.Name, Metric: match.Value)))
            .Where(use => !databases.Contains(use.Metric))
            .ToList();

        Assert.That(exported, Does.Contain("jaas_settings_provisioning_calls_total").And.Contain("jaas_settings_provisioning_duration_seconds"), "the names are read from the code");
        Assert.That(named, Is.Not.Empty);
        Assert.That(named.Where(use => !exported.Contains(use.Metric)).Select(use => $"{use.Name}: {use.Metric}"), Is.Empty);
    }

    // README.md and the documents of docs/ (not docs/_incoming, notes waiting to be folded in).
    private static List<(string Name, string Text)> Docs()
    {
        var root = ServiceProcess.RepositoryRoot;
        return Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Prepend(Path.Combine(root, "README.md"))
            .Select(path => (Path.GetRelativePath(root, path), File.ReadAllText(path)))
            .ToList();
    }

    // What OpenTelemetry's Prometheus exporter makes of an instrument: counters end in _total, a unit is appended.
    private static string ExportedName(string kind, string name, string unit)
    {
        var suffix = unit switch { "s" => "_seconds", "By" => "_bytes", _ => "" };
        var exported = suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal) ? name + suffix : name;
        return kind is "Counter" or "ObservableCounter" ? exported + "_total" : exported;
    }

    // GitHub's anchors: the heading's text lower-cased, punctuation dropped, spaces as hyphens, repeats numbered.
    private static HashSet<string> HeadingAnchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(WithoutCode(markdown)))
        {
            var text = heading.Groups["text"].Value.Replace("`", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
            var slug = new string(text.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Replace(' ', '-');
            var anchor = slug;
            for (var n = 1; !anchors.Add(anchor); n++)
            {
                anchor = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static string WithoutCode(string markdown) => FencedBlock().Replace(markdown, "");

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex("^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\bjaas_[a-z0-9_]*[a-z0-9]")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"Create(?<kind>Counter|Histogram|UpDownCounter|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)(?:<[^>]+>)?\(\s*""(?<name>jaas_[a-z0-9_]+)""(?:[^;]*?unit: ""(?<unit>[^""]*)"")?")]
    private static partial Regex Instrument();

    [GeneratedRegex(@"Secret: `(whsec_[0-9a-f]+)`")]
    private static partial Regex Secret();

    [GeneratedRegex(@"- `t=(\d+)`")]
    private static partial Regex Timestamp();

    [GeneratedRegex("```json\n(.*)\n```")]
    private static partial Regex Body();

    [GeneratedRegex(@"Signature: `v1=([A-Za-z0-9+/=]+)`")]
    private static partial Regex Signature();
}
