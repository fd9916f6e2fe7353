using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Ingress.Tests.Tracing;

/// <summary>The ledger consumer (its queue, its SQLite database, its inbox) that also writes a log line per delivery.</summary>
public sealed partial class TracedLedgerConsumer(InboxTransaction inbox, ReceiptLog receipts, ILogger<TracedLedgerConsumer> logger)
    : IConsumer<IJaasEvent>
{
    public async Task Consume(ConsumeContext<IJaasEvent> context)
    {
        LogHandling(logger, context.Message.IdempotencyKey);
        await inbox.Connection.ExecuteAsync(
            "INSERT INTO ledger (idempotency_key, message_id) VALUES (@IdempotencyKey, @MessageId)",
            new { context.Message.IdempotencyKey, MessageId = context.MessageId.ToString() },
            inbox.Transaction);
        receipts.Add(context.Message.IdempotencyKey, context.MessageId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger handling {IdempotencyKey}")]
    private static partial void LogHandling(ILogger logger, string idempotencyKey);
}

/// <summary>On the ledger's queue, so the inbox of the ledger's database wraps it.</summary>
public sealed class TracedLedgerConsumerDefinition : ConsumerDefinition<TracedLedgerConsumer>
{
    public TracedLedgerConsumerDefinition() => EndpointName = LedgerConsumer.Queue;
}
