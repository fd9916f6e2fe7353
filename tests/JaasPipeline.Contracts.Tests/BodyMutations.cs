using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JaasPipeline.Contracts.Tests;

/// <summary>
/// Deterministic random mutations of a JSON body (a seeded <see cref="Random"/>, so a failure reproduces): edits of
/// the bytes and of the tree, with the values that break readers (lone surrogates, huge numbers, wrong kinds, depth).
/// </summary>
public static class BodyMutations
{
    private static readonly string[] Tokens =
    [
        "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u0000", "\\\"", "\\\\", "\\", "\"", "{", "}", "[", "]", ",", ":",
        "null", "true", "1e999", "-0", "9223372036854775808", "1.5", "\"\\ud800\"", "\u00e9", "\U0001F600",
    ];

    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "9223372036854775807", "9223372036854775808",
        "253402300800000", "-62135596800001", "\"\"", "\" \"", "\"J\\ud800o\"", "\"\\udc00\"", "\"true\"", "\"12\"",
        "{}", "[]", "[null]", "[{}]", "{\"a\":\"\\ud800\"}", "\"" + new string('x', 900) + "\"",
        new string('[', 70) + new string(']', 70), "[" + string.Join(",", Enumerable.Repeat("{}", 50)) + "]",
    ];

    /// <summary><paramref name="count"/> mutants of <paramref name="body"/>, the same ones for the same seed.</summary>
    public static IEnumerable<byte[]> Of(byte[] body, int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return random.Next(3) == 0 ? MutateBytes(body, random) : MutateTree(body, random) ?? MutateBytes(body, random);
        }
    }

    private static byte[] MutateBytes(byte[] body, Random random)
    {
        var bytes = new List<byte>(body);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(8)));
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 2:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(16));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }

    // Replaces, removes or adds one node anywhere in the tree; the new value is written as raw JSON text, so escapes
    // such as \ud800 reach the parser as JaaS would send them.
    private static byte[]? MutateTree(byte[] body, Random random)
    {
        JsonNode? root;
        List<JsonNode> nodes;
        try
        {
            root = JsonNode.Parse(body);
            nodes = root is null ? [] : Walk(root).ToList();
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            // Not JSON, or a duplicated member (some reference examples have one): JsonNode cannot edit it.
            return null;
        }

        if (root is null)
        {
            return null;
        }

        const string marker = "\"__MUTANT__\"";
        var target = nodes[random.Next(nodes.Count)];
        var value = Values[random.Next(Values.Length)];
        switch (target.Parent)
        {
            case JsonObject parent when random.Next(4) == 0:
                parent.Remove(target.GetPropertyName());
                return Encoding.UTF8.GetBytes(root.ToJsonString());
            case JsonObject parent:
                parent[target.GetPropertyName()] = "__MUTANT__";
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = "__MUTANT__";
                break;
            default:
                if (root is JsonObject top)
                {
                    top["x" + random.Next(100)] = "__MUTANT__";
                }
                else
                {
                    return Encoding.UTF8.GetBytes(value);
                }

                break;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString().Replace(marker, value, StringComparison.Ordinal));
    }

    private static IEnumerable<JsonNode> Walk(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(member => member.Value),
            JsonArray array => array.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Walk(child))
            {
                yield return descendant;
            }
        }
    }
}
