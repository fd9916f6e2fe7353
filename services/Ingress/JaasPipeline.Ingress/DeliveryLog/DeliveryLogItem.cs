namespace JaasPipeline.Ingress.DeliveryLog;

/// <summary>One entry of <c>GET /api/deliveries</c> (docs/api.md: times in UTC with milliseconds, no JSON in strings).</summary>
/// <param name="Outcome"><c>accepted</c>, <c>duplicate</c>, <c>conflict</c> or <c>rejected</c>.</param>
/// <param name="ReceivedAt">When it arrived (a duplicate or a rejected body: the last time it arrived).</param>
/// <param name="TimesReceived">How many times these bytes arrived with this outcome.</param>
/// <param name="Reason">Why it was rejected (<c>invalid</c>), else null.</param>
/// <param name="Detail">What was wrong with a rejected delivery: each field and its problems, else null.</param>
/// <param name="PublishedAt">When the relay published an accepted delivery, else null.</param>
/// <param name="ParkedReason">Why the relay set an accepted delivery aside instead of publishing it, else null.</param>
/// <param name="Body">The body as text (with <c>body=true</c>, when it is UTF-8), else null.</param>
/// <param name="BodyBase64">The body in base64 (with <c>body=true</c>, when it is not UTF-8), else null.</param>
public sealed record DeliveryLogItem(
    string Outcome,
    DateTimeOffset ReceivedAt,
    long TimesReceived,
    string? IdempotencyKey,
    string? EventType,
    string? SessionId,
    string? Reason,
    IReadOnlyDictionary<string, string[]>? Detail,
    DateTimeOffset? PublishedAt,
    string? ParkedReason,
    string? Body,
    string? BodyBase64);
