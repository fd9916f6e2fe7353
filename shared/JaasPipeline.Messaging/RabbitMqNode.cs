using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace JaasPipeline.Messaging;

/// <summary>One RabbitMQ node a host may connect to: a host name or IPv4 address and its AMQP port.</summary>
/// <remarks>
/// No IPv6 literal: MassTransit's cluster configuration takes a node as <c>host:port</c> and splits it at the colon.
/// </remarks>
public readonly record struct RabbitMqNode(string Host, int Port)
{
    /// <summary>Reads <c>host</c> or <c>host:port</c>; <paramref name="defaultPort"/> where no port is given.</summary>
    public static bool TryParse(string? text, int defaultPort, [NotNullWhen(true)] out RabbitMqNode? node)
    {
        node = null;
        var parts = text?.Trim().Split(':') ?? [];
        if (parts.Length is not (1 or 2) || parts[0].Length == 0 || Uri.CheckHostName(parts[0]) is UriHostNameType.Unknown or UriHostNameType.IPv6)
        {
            return false;
        }

        var port = defaultPort;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return false;
        }

        node = new RabbitMqNode(parts[0], port);
        return true;
    }

    /// <summary>As <see cref="TryParse"/>; start-up validation has already refused what does not parse.</summary>
    public static RabbitMqNode Parse(string text, int defaultPort) =>
        TryParse(text, defaultPort, out var node) ? node.Value : throw new FormatException($"'{text}' is not host or host:port");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
