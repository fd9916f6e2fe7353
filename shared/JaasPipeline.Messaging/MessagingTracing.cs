using System.Diagnostics;

namespace JaasPipeline.Messaging;

/// <summary>
/// The consumer side's own span: the commit of the inbox transaction that makes a message's effect durable, as a child
/// of MassTransit's consume activity, so a delivery's trace ends where its effect is committed.
/// </summary>
public static class MessagingTracing
{
    public const string SourceName = "JaasPipeline.Messaging";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the commit span of the message consumed under <paramref name="consume"/> (null: the message is not traced,
    /// or no tracer listens). <paramref name="groupSize"/> is how many messages the transaction commits together.
    /// </summary>
    internal static Activity? StartInboxCommit(Activity? consume, string database, int groupSize)
    {
        if (consume is null || !Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("inbox commit", ActivityKind.Internal, consume.Context);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.namespace", database);
            activity.SetTag("jaas.inbox.group_size", groupSize);
        }

        return activity;
    }
}
