using System.Text.Json;
using JaasPipeline.Contracts;

namespace JaasPipeline.Ingress.Webhooks;

/// <summary>
/// The envelope fields of a body the parser refused, read as far as they can be: the delivery log shows and filters
/// refused deliveries by meeting and type too. Each is null unless it is a string that fits its column.
/// </summary>
public sealed record DeliveryEnvelope(string? IdempotencyKey, string? EventType, string? SessionId)
{
    private static readonly DeliveryEnvelope Unknown = new(null, null, null);

    public static DeliveryEnvelope Peek(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Unknown;
            }

            var root = document.RootElement;
            return new DeliveryEnvelope(
                Text(root, "idempotencyKey", JaasFieldLimits.IdempotencyKey),
                Text(root, "eventType", JaasFieldLimits.EventType),
                Text(root, "sessionId", JaasFieldLimits.SessionId));
        }
        catch (Exception unreadable) when (unreadable is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not text (a lone surrogate): the log shows the body and the reason.
            return Unknown;
        }
    }

    private static string? Text(JsonElement root, string name, int maxLength) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
        value.GetString() is { Length: > 0 } text && text.Length <= maxLength
            ? text
            : null;
}
