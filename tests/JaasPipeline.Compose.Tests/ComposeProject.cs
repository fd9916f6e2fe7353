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

    /// <summary>compose/docker-compose.yml as JSON (what the compose-spec schema describes), merge keys applied.</summary>
    public static JsonObject ComposeFile() => (JsonObject)ReadYaml(PathOf("docker-compose.yml"))!;

    public static JsonObject Services() => ComposeFile()["services"]!.AsObject();

    /// <summary>The services built from compose/Dockerfile (the JaasPipeline hosts), with their <c>SERVICE</c> build argument.</summary>
    public static IEnumerable<(string Name, JsonObject Service, string Module)> JaasServices() =>
        Services()
            .Where(service => service.Value!["build"] is not null)
            .Select(service => (service.Key, service.Value!.AsObject(), (string)service.Value!["build"]!["args"]!["SERVICE"]!));

    /// <summary>A service's <c>environment</c> as name → value (the compose file uses the mapping form).</summary>
    public static Dictionary<string, string> Environment(JsonObject service) =>
        service["environment"] is JsonObject environment
            ? environment.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? "", StringComparer.Ordinal)
            : [];

    /// <summary>The port in a host's <c>Urls</c> (<c>http://0.0.0.0:8081</c> → 8081).</summary>
    public static int UrlsPort(string urls) => int.Parse(UrlPort().Match(urls).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Every <c>${NAME…}</c> or <c>$NAME</c> in the string values of the compose file (<c>$$</c> is a literal $).</summary>
    public static ISet<string> InterpolatedVariables()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var value in StringValues(ReadYaml(PathOf("docker-compose.yml"))))
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
