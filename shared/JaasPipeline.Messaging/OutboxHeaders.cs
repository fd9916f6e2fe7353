namespace JaasPipeline.Messaging;

/// <summary>Headers the outbox relay puts on every message it sends, on either bus.</summary>
public static class OutboxHeaders
{
    /// <summary>
    /// The outbox row's id: the in-memory bus's tracker follows a delivery by it, a faulted copy is recorded with it
    /// (so it can be sent again from the outbox), and an operator sees it in the RabbitMQ management UI.
    /// </summary>
    public const string OutboxId = "JaasPipeline-OutboxId";
}
