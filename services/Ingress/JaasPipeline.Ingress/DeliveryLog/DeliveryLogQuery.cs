namespace JaasPipeline.Ingress.DeliveryLog;

/// <summary>What the delivery log is asked for; null filters match everything.</summary>
public sealed record DeliveryLogQuery(
    string? SessionId, string? EventType, string? Outcome, long From, long To, bool WithBody, int PageSize, DeliveryLogCursor? Before);
