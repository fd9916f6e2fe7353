using System.Text.Json;
using System.Text.Json.Nodes;
using JaasPipeline.Contracts;

namespace JaasPipeline.Contracts.Tests;

/// <summary>
/// The examples of JaaS's webhook event reference (docs/jaas-reference.md, Event reference), copied verbatim into
/// Fixtures/ (one file per webhook eventType).
/// </summary>
internal static class ReferenceFixtures
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>The eventTypes that have an example file, in name order.</summary>
    public static IEnumerable<string> WebhookEventTypes() =>
        Directory.GetFiles(Folder, "*.json").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal);

    public static byte[] Read(string eventType) => File.ReadAllBytes(Path.Combine(Folder, eventType + ".json"));

    public static byte[] ReadSettingsProvisioning(string name) =>
        File.ReadAllBytes(Path.Combine(Folder, "SettingsProvisioning", name + ".json"));

    /// <summary>An example as an editable tree; a duplicated top-level member keeps its last value, as JaaS readers do.</summary>
    public static JsonObject ReadNode(string eventType)
    {
        using var document = JsonDocument.Parse(Read(eventType));
        var body = new JsonObject();
        foreach (var member in document.RootElement.EnumerateObject())
        {
            body[member.Name] = JsonNode.Parse(member.Value.GetRawText());
        }

        return body;
    }

    /// <summary>
    /// The last occurrence of a top-level member, found by walking the members rather than by lookup, so the
    /// envelope check does not lean on the same lookup the parser uses.
    /// </summary>
    public static JsonElement? LastMember(JsonElement body, string name)
    {
        JsonElement? found = null;
        foreach (var member in body.EnumerateObject())
        {
            if (member.NameEquals(name))
            {
                found = member.Value.Clone();
            }
        }

        return found;
    }

    public static T ParseAs<T>(string eventType) where T : JaasEvent => ParseAs<T>(Read(eventType));

    public static T ParseAs<T>(byte[] body) where T : JaasEvent
    {
        var result = JaasEventParser.Parse(body);
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Event, Is.TypeOf<T>());
        return (T)result.Event!;
    }

    public static T ParseAs<T>(JsonNode body) where T : JaasEvent => ParseAs<T>(JsonSerializer.SerializeToUtf8Bytes(body));

    public static DateTimeOffset UnixMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
