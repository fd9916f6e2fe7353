using RabbitMQ.Client;

namespace JaasPipeline.Messaging;

/// <summary>Plain RabbitMQ.Client connections beside MassTransit's, for what MassTransit does not do (error queues).</summary>
internal static class RabbitMqConnections
{
    /// <summary>A factory for the configured broker; <paramref name="purpose"/> names the connection in the management UI.</summary>
    public static ConnectionFactory Factory(RabbitMqOptions rabbit, string purpose) => new()
    {
        HostName = rabbit.Host,
        Port = rabbit.Port,
        VirtualHost = rabbit.VirtualHost,
        UserName = rabbit.Username,
        Password = rabbit.Password,
        ClientProvidedName = "JaasPipeline " + purpose,
    };
}
