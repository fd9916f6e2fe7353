using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Ingress.Tests;

/// <summary>Shares the ledger queue and fails every delivery whose key starts with <c>poison-</c>: a poison message.</summary>
public sealed class PoisonConsumer : IConsumer<IJaasEvent>
{
    public Task Consume(ConsumeContext<IJaasEvent> context) => context.Message.IdempotencyKey.StartsWith("poison-", StringComparison.Ordinal)
        ? throw new InvalidOperationException($"{context.Message.IdempotencyKey} is poison")
        : Task.CompletedTask;
}

public sealed class PoisonConsumerDefinition : ConsumerDefinition<PoisonConsumer>
{
    public PoisonConsumerDefinition() => EndpointName = LedgerConsumer.Queue;
}

/// <summary>Holds every delivery until the test opens its gate: consumers that have fallen behind.</summary>
public sealed class GatedConsumer(ConsumerGate gate) : IConsumer<IJaasEvent>
{
    public const string Queue = "gated";

    public Task Consume(ConsumeContext<IJaasEvent> context) => gate.Opened.WaitAsync(context.CancellationToken);
}

public sealed class GatedConsumerDefinition : ConsumerDefinition<GatedConsumer>
{
    public GatedConsumerDefinition() => EndpointName = GatedConsumer.Queue;
}

/// <summary>The gate <see cref="GatedConsumer"/> waits at.</summary>
public sealed class ConsumerGate
{
    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Opened => opened.Task;

    public void Open() => opened.TrySetResult();
}

/// <summary>
/// A ledger consumer on its own queue and database whose write fails as Microsoft.Data.Sqlite fails it on a full disk
/// (SQLITE_FULL) while <see cref="DiskFullSwitch.Full"/> is set; its database still takes every other write, so a
/// fault it records goes to faulted_messages.
/// </summary>
public sealed class DiskFullConsumer(InboxTransaction inbox, DiskFullSwitch disk) : IConsumer<IJaasEvent>
{
    public const string Queue = "disk-full";

    public Task Consume(ConsumeContext<IJaasEvent> context) => disk.Full
        ? throw new Microsoft.Data.Sqlite.SqliteException("SQLite Error 13: 'database or disk is full'.", 13)
        : Dapper.SqlMapper.ExecuteAsync(
            inbox.Connection, "INSERT INTO ledger (idempotency_key, message_id) VALUES (@IdempotencyKey, @MessageId)",
            new { context.Message.IdempotencyKey, MessageId = context.MessageId.ToString() }, inbox.Transaction);
}

public sealed class DiskFullConsumerDefinition : ConsumerDefinition<DiskFullConsumer>
{
    public DiskFullConsumerDefinition() => EndpointName = DiskFullConsumer.Queue;
}

/// <summary>Whether <see cref="DiskFullConsumer"/>'s disk is full.</summary>
public sealed class DiskFullSwitch
{
    private volatile bool full;

    public bool Full
    {
        get => full;
        set => full = value;
    }
}
