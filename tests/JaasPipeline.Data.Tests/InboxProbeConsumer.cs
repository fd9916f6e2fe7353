using Dapper;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Data.Tests;

/// <summary>Writes one row per run through the inbox's transaction, then fails if the probe asks it to.</summary>
public sealed class InboxProbeConsumer(InboxTransaction inbox, ProbeAttempts attempts) : IConsumer<InboxProbe>
{
    public const string InsertEffect = "INSERT INTO inbox_probe_effects (probe_key, message_id) VALUES (@ProbeKey, @MessageId)";

    public async Task Consume(ConsumeContext<InboxProbe> context)
    {
        var attempt = attempts.Start(context.Message.Key);
        await inbox.Connection.ExecuteAsync(
            InsertEffect, new { ProbeKey = context.Message.Key.ToString(), MessageId = context.MessageId?.ToString() }, inbox.Transaction);
        if (attempt <= context.Message.FailingAttempts)
        {
            throw new InvalidOperationException($"Attempt {attempt} at probe {context.Message.Key} fails on purpose, after writing.");
        }
    }
}
