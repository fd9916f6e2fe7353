using JaasPipeline.Contracts;
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
