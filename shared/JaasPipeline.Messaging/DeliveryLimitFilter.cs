using MassTransit;

namespace JaasPipeline.Messaging;

/// <summary>
/// Moves a message that keeps ending its consumer's process to the queue's error queue, with that reason, instead of
/// handing it out again. RabbitMQ gives an unacknowledged message back when its consumer's connection ends, and counts
/// it in the message's headers; RabbitMQ 4 drops a quorum queue's message past 20 such returns unless a dead-letter
/// target exists, and MassTransit sets none. This filter stops it first (<see cref="RabbitMqOptions.DeliveryLimit"/>),
/// on RabbitMQ 3 and 4 alike.
/// </summary>
/// <remarks>
/// On the receive endpoint's consume pipe: it runs once per delivery (and per retry, which it never causes: the retry
/// policy ignores its exception), and its exception takes MassTransit's fault path (the <c>&lt;queue&gt;_error</c>
/// queue, with the exception's message in the <c>MT-Fault-Message</c> header).
/// A process that ends returns every message it had taken, not only the one that ended it, so a message taken
/// alongside a crashing one also counts those returns: it may reach the error queue too, from where it moves back.
/// </remarks>
public sealed class DeliveryLimitFilter(int deliveryLimit) : IFilter<ConsumeContext>
{
    // RabbitMQ 4.3 counts every hand-out in x-acquired-count and only failed ones in x-delivery-count; before 4.3,
    // x-delivery-count counted every return. A connection that ends is a return either way.
    private static readonly string[] CountHeaders = ["x-acquired-count", "x-delivery-count"];

    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        var returns = ReturnsOf(context.ReceiveContext.TransportHeaders);
        if (returns >= deliveryLimit)
        {
            throw new DeliveryLimitReachedException(
                $"Given to consumers {returns + 1} times without an outcome: the process handling it stopped each time " +
                $"(Messaging:RabbitMq:DeliveryLimit is {deliveryLimit}). Moved here instead of handing it out again; " +
                "move it back once the cause is fixed.");
        }

        return next.Send(context);
    }

    /// <summary>How many times the broker has handed the message out before without an outcome (0 the first time).</summary>
    public static long ReturnsOf(Headers headers)
    {
        foreach (var name in CountHeaders)
        {
            if (headers.TryGetHeader(name, out var value) && value is not null &&
                long.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                return count;
            }
        }

        return 0;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("deliveryLimit").Add("limit", deliveryLimit);
}
