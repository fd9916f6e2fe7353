using JaasPipeline.Data;
using JaasPipeline.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// Says once, when a host has started, where it listens, what it serves, which broker and which databases it uses
/// (never a password or a connection string). The queues it consumes follow as each becomes ready (<see cref="QueueBanner"/>).
/// </summary>
internal static partial class StartupBanner
{
    public static void LogWhenStarted(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var services = app.Services;
            var name = services.GetRequiredService<ServiceIdentity>().Name;
            var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                LogListening(app.Logger, name, address);
            }

            var first = addresses.FirstOrDefault()?.TrimEnd('/') ?? "";
            var endpoints = ServiceIndex.Endpoints(services).GroupBy(e => e.Route, StringComparer.Ordinal)
                .Select(route => $"{string.Join('|', route.Select(e => e.Method))} {first}{route.Key}");
            LogEndpoints(app.Logger, name, string.Join(", ", endpoints));

            if (services.GetService<IBus>() is not null)
            {
                var messaging = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
                var rabbit = services.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                if (messaging.Transport == MessagingTransport.RabbitMq)
                {
                    LogRabbitMq(app.Logger, name, rabbit.Host, rabbit.Port, rabbit.VirtualHost);
                }
                else
                {
                    LogInMemoryBus(app.Logger, name);
                }
            }

            foreach (var database in services.GetKeyedServices<Database>(KeyedService.AnyKey))
            {
                LogDatabase(app.Logger, name, database.Name, database.Provider, database.Location);
            }
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} listening on {Address}")]
    private static partial void LogListening(ILogger logger, string service, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} serves {Endpoints}")]
    private static partial void LogEndpoints(ILogger logger, string service, string endpoints);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} bus: RabbitMQ {Host}:{Port}, virtual host {VirtualHost}")]
    private static partial void LogRabbitMq(ILogger logger, string service, string host, int port, string virtualHost);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} bus: in memory (this process only)")]
    private static partial void LogInMemoryBus(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} data of {Database}: {Provider} {Location}")]
    private static partial void LogDatabase(ILogger logger, string service, string database, DatabaseProvider provider, string location);
}

/// <summary>Logs, once per queue, that the host consumes it, when its receive endpoint is first ready.</summary>
internal sealed partial class QueueBanner(IServiceProvider services) : IReceiveEndpointObserver
{
    private readonly HashSet<Uri> announced = [];

    public Task Ready(ReceiveEndpointReady ready)
    {
        // The bus's own (reply) endpoint is not a queue the service consumes.
        var bus = services.GetRequiredService<IBus>();
        if (ready.InputAddress == bus.Address)
        {
            return Task.CompletedTask;
        }

        lock (announced)
        {
            if (!announced.Add(ready.InputAddress))
            {
                return Task.CompletedTask;
            }
        }

        var queue = ready.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? ready.InputAddress.ToString();
        LogConsuming(services.GetRequiredService<ILogger<QueueBanner>>(), services.GetRequiredService<ServiceIdentity>().Name, queue, ready.InputAddress);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} consumes queue {Queue} ({Address})")]
    private static partial void LogConsuming(ILogger logger, string service, string queue, Uri address);
}
