using System.Collections.Concurrent;

namespace JaasPipeline.Ingress.Tests;

/// <summary>Every message a test consumer saw, in arrival order (thread-safe).</summary>
public sealed class ReceiptLog
{
    private readonly ConcurrentQueue<Receipt> receipts = new();

    public void Add(string idempotencyKey, Guid? messageId, string? detail = null) =>
        receipts.Enqueue(new Receipt(idempotencyKey, messageId, detail));

    public IReadOnlyList<Receipt> All => receipts.ToArray();

    public int CountOf(string idempotencyKey) => receipts.Count(r => r.IdempotencyKey == idempotencyKey);

    public sealed record Receipt(string IdempotencyKey, Guid? MessageId, string? Detail);
}
