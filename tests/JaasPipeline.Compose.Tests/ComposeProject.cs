using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JaasPipeline.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JaasPipeline.Compose.Tests;

/// <summary>The files of <c>compose/</c>, read the way Docker Compose reads them (YAML with anchors and merge keys).</summary>
public static partial class ComposeProject
{
    public static string Folder => Path.Combine(ServiceProcess.RepositoryRoot, "compose");

    public static string PathOf(string relative) => Path.Combine(Folder, relative);

    /// <summary>The stack as one broker: the base file alone.</summary>
    public static readonly IReadOnlyList<string> Single = ["docker-compose.yml"];

    /// <summary>The clustered variant: the base file, then the cluster file on top of it.</summary>
    public static readonly IReadOnlyList<string> Clustered = ["docker-compose.yml", "docker-compose.cluster.yml"];

    /// <summary>
    /// The compose files as JSON (what the compose-spec schema describes), merge keys applied, each file merged onto
    /// the ones before it as <c>docker compose -f … -f …</c> does: mappings key by key, sequences appended (the files
    /// never list the same volume or port twice), other values replaced.
    /// </summary>
    public static JsonObject ComposeFile(IReadOnlyList<string>? files = null) =>
        (files ?? Single).Select(file => (JsonObject)ReadYaml(PathOf(file))!).Aggregate((merged, next) => (JsonObject)Merge(merged, next));

    public static JsonObject Services(IReadOnlyList<string>? files = null) => ComposeFile(files)["services"]!.AsObject();

    /// <summary>The services built from compose/Dockerfile (the JaasPipeline hosts), with their <c>SERVICE</c> build argument.</summary>
    public static IEnumerable<(string Name, JsonObject Service, string Module)> JaasServices(IReadOnlyList<string>? files = null) =>
        Services(files)
            .Where(service => service.Value!["build"] is not null)
            .Select(service => (service.Key, service.Value!.AsObject(), (string)service.Value!["build"]!["args"]!["SERVICE"]!));

    /// <summary>The JaasPipeline hosts on the bus (every one but the console, which reaches the others over HTTP only).</summary>
    public static IEnumerable<(string Name, JsonObject Service, string Module)> BusServices(IReadOnlyList<string>? files = null) =>
        JaasServices(files).Where(service => Environment(service.Service).ContainsKey("Messaging__Transport"));

    /// <summary>A service's <c>environment</c> as name → value (the compose file uses the mapping form).</summary>
    public static Dictionary<string, string> Environment(JsonObject service) =>
        service["environment"] is JsonObject environment
            ? environment.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? "", StringComparer.Ordinal)
            : [];

    /// <summary>The port in a host's <c>Urls</c> (<c>http://0.0.0.0:8081</c> → 8081).</summary>
    public static int UrlsPort(string urls) => int.Parse(UrlPort().Match(urls).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Every <c>${NAME…}</c> or <c>$NAME</c> in the string values of the compose files (<c>$$</c> is a literal $).</summary>
    public static ISet<string> InterpolatedVariables(IReadOnlyList<string>? files = null)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var value in (files ?? Single).SelectMany(file => StringValues(ReadYaml(PathOf(file)))))
        {
            foreach (Match match in Interpolation().Matches(value))
            {
                names.Add(match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value);
            }
        }

        return names;
    }

    /// <summary>The variables compose/.env.example sets, each with the comment lines right above it.</summary>
    public static Dictionary<string, string> DocumentedVariables()
    {
        var documented = new Dictionary<string, string>(StringComparer.Ordinal);
        var comment = new List<string>();
        foreach (var line in File.ReadAllLines(PathOf(".env.example")))
        {
            if (line.StartsWith('#'))
            {
                comment.Add(line.TrimStart('#').Trim());
            }
            else if (EnvLine().Match(line) is { Success: true } assignment)
            {
                documented[assignment.Groups[1].Value] = string.Join(' ', comment);
                comment.Clear();
            }
            else
            {
                comment.Clear();
            }
        }

        return documented;
    }

    private static JsonNode Merge(JsonNode merged, JsonNode next) => (merged, next) switch
    {
        (JsonObject left, JsonObject right) => MergeObjects(left, right),
        (JsonArray left, JsonArray right) => new JsonArray([.. left.Select(item => item?.DeepClone()), .. right.Select(item => item?.DeepClone())]),
        _ => next.DeepClone(),
    };

    private static JsonObject MergeObjects(JsonObject left, JsonObject right)
    {
        var merged = (JsonObject)left.DeepClone();
        foreach (var (key, value) in right)
        {
            merged[key] = merged[key] is { } existing && value is not null ? Merge(existing, value) : value?.DeepClone();
        }

        return merged;
    }

    /// <summary>A YAML file as JSON: plain scalars typed as YAML's core schema types them, quoted ones as strings.</summary>
    public static JsonNode? ReadYaml(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children
            .Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when IntegerScalar().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
            _ when FloatScalar().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    private static IEnumerable<string> StringValues(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(pair => StringValues(pair.Value)),
        JsonArray array => array.SelectMany(StringValues),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    [GeneratedRegex(@"(?<!\$)\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex EnvLine();

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex UrlPort();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerScalar();

    [GeneratedRegex(@"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatScalar();
}
