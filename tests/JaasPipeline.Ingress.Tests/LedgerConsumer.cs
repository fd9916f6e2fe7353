using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Ingress.Tests;

/// <summary>A test consumer on its own queue that records each delivery it handles through the inbox.</summary>
public sealed class LedgerConsumer(InboxTransaction inbox, ReceiptLog receipts) : IConsumer<IJaasEvent>
{
    public const string Queue = "ledger";

    public Task Consume(ConsumeContext<IJaasEvent> context)
    {
        receipts.Add(context.Message.IdempotencyKey, context.MessageId);
        return inbox.Connection.ExecuteAsync(
            "INSERT INTO ledger (idempotency_key, message_id) VALUES (@IdempotencyKey, @MessageId)",
            new { context.Message.IdempotencyKey, MessageId = context.MessageId.ToString() },
            inbox.Transaction);
    }
}

/// <summary>What a host needs to run the ledger consumer: its SQLite database (with the inbox) in a test folder, and the receipts.</summary>
public static class LedgerService
{
    public static void AddTo(IHostApplicationBuilder builder, TempFolder folder, ReceiptLog receipts)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ledger:Database:Provider"] = "Sqlite",
            ["Ledger:Database:ConnectionString"] = folder.SqliteConnectionString("ledger"),
        });
        builder.Services.AddConsumerDatabase(LedgerConsumer.Queue, builder.Configuration.GetSection("Ledger:Database"), typeof(LedgerConsumer).Assembly);
        builder.Services.AddSingleton(receipts);
    }

    /// <summary>The idempotency keys in the ledger, a row each: a key twice means it was committed twice.</summary>
    public static async Task<List<string>> KeysAsync(Database ledger)
    {
        await using var connection = await ledger.OpenAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT idempotency_key FROM ledger")];
    }
}

/// <summary>The ledger queue: named like its database, so AddJaasMessaging puts the inbox around it.</summary>
public sealed class LedgerConsumerDefinition : ConsumerDefinition<LedgerConsumer>
{
    public LedgerConsumerDefinition() => EndpointName = LedgerConsumer.Queue;
}

/// <summary>A test consumer without an inbox: it sees every copy the broker delivers, so it can catch a double publish.</summary>
public sealed class RawReceiptConsumer(ReceiptLog receipts) : IConsumer<IJaasEvent>
{
    public const string Queue = "raw-receipts";

    public Task Consume(ConsumeContext<IJaasEvent> context)
    {
        receipts.Add(context.Message.IdempotencyKey, context.MessageId);
        return Task.CompletedTask;
    }
}

public sealed class RawReceiptConsumerDefinition : ConsumerDefinition<RawReceiptConsumer>
{
    public RawReceiptConsumerDefinition() => EndpointName = RawReceiptConsumer.Queue;
}

/// <summary>A test consumer of the generic message for event types nobody knows yet.</summary>
public sealed class UnknownEventConsumer(ReceiptLog receipts) : IConsumer<UnknownJaasEvent>
{
    public const string Queue = "unknown-events";

    public Task Consume(ConsumeContext<UnknownJaasEvent> context)
    {
        receipts.Add(context.Message.IdempotencyKey, context.MessageId, context.Message.DataJson);
        return Task.CompletedTask;
    }
}

public sealed class UnknownEventConsumerDefinition : ConsumerDefinition<UnknownEventConsumer>
{
    public UnknownEventConsumerDefinition() => EndpointName = UnknownEventConsumer.Queue;
}

/// <summary>A test consumer that always fails, to show where a message goes after its retries.</summary>
public sealed class AlwaysFailingConsumer(ReceiptLog attempts) : IConsumer<IJaasEvent>
{
    public const string Queue = "always-fails";

    public Task Consume(ConsumeContext<IJaasEvent> context)
    {
        attempts.Add(context.Message.IdempotencyKey, context.MessageId);
        throw new InvalidOperationException("this consumer always fails");
    }
}

public sealed class AlwaysFailingConsumerDefinition : ConsumerDefinition<AlwaysFailingConsumer>
{
    public AlwaysFailingConsumerDefinition() => EndpointName = AlwaysFailingConsumer.Queue;
}
