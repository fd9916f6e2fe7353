namespace JaasPipeline.Ingress.DeliveryLog;

/// <summary>One line of the delivery log: a delivery as it arrived and what became of it.</summary>
public sealed class DeliveryLogEntry
{
    /// <summary><c>accepted</c>, <c>duplicate</c>, <c>conflict</c> or <c>rejected</c>.</summary>
    public string Outcome { get; init; } = "";

    /// <summary>The row's id in its table; with <see cref="Rank"/> and <see cref="At"/> it orders the log.</summary>
    public long Id { get; init; }

    public long Rank { get; init; }

    /// <summary>Unix ms: when it arrived (a duplicate or a rejected body: the last time it arrived).</summary>
    public long At { get; init; }

    public string? IdempotencyKey { get; init; }
    public string? EventType { get; init; }
    public string? SessionId { get; init; }
    public string? Reason { get; init; }
    public string? Detail { get; init; }

    /// <summary>How many times these bytes arrived with this outcome (duplicates and refusals are counted, not repeated).</summary>
    public long TimesReceived { get; init; }

    public long? PublishedAt { get; init; }
    public string? ParkedReason { get; init; }
    public byte[]? Body { get; init; }
}
