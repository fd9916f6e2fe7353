using RabbitMQ.Client;

namespace JaasPipeline.Messaging;

/// <summary>Plain RabbitMQ.Client connections beside MassTransit's, for what MassTransit does not do (error queues).</summary>
internal static class RabbitMqConnections
{
    /// <summary>
    /// Connects to the first configured node that answers (<see cref="RabbitMqOptions.ConnectionNodes"/>, in order, as
    /// MassTransit's own connection does); <paramref name="purpose"/> names the connection in the management UI.
    /// </summary>
    public static Task<IConnection> ConnectAsync(RabbitMqOptions rabbit, string purpose, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            VirtualHost = rabbit.VirtualHost,
            UserName = rabbit.Username,
            Password = rabbit.Password,
            ClientProvidedName = "JaasPipeline " + purpose,
        };
        return factory.CreateConnectionAsync(rabbit.ConnectionNodes().Select(node => new AmqpTcpEndpoint(node.Host, node.Port)).ToList(), cancellationToken);
    }
}
