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
/// Says once, when a host has started, where it listens, what it serves, what is on and why (API keys, and each module's
/// <see cref="IStartupBannerLines"/>), which broker and which databases it uses (never a key, a password or a connection
/// string), then "ready". The queues it consumes follow as each becomes ready (<see cref="QueueBanner"/>).
/// </summary>
internal static partial class StartupBanner
{
    /// <summary>
    /// Call before anything else registers on <c>ApplicationStarted</c>: its callbacks run last registered first, so the
    /// banner runs after the checks that may still stop the host (a read API open beyond loopback …), and says "ready" only
    /// if none did.
    /// </summary>
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
            LogAccess(app.Logger, name, services.GetRequiredService<IOptions<ApiOptions>>().Value);
            foreach (var lines in services.GetServices<IStartupBannerLines>())
            {
                lines.Log(app.Logger, name);
            }

            if (services.GetService<IBus>() is not null)
            {
                var messaging = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
                var rabbit = services.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                if (messaging.Transport == MessagingTransport.RabbitMq)
                {
                    LogRabbitMq(app.Logger, name, string.Join(", ", rabbit.ConnectionNodes()), rabbit.VirtualHost);
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

            if (!app.Lifetime.ApplicationStopping.IsCancellationRequested)
            {
                LogReady(app.Logger, name, string.Join(", ", addresses));
            }
        });

    private static void LogAccess(ILogger logger, string name, ApiOptions access)
    {
        var operatorKeys = access.Keys.Count + access.NamedKeys.Count;
        if (access.HasKeys)
        {
            LogReadApisKeyed(logger, name, operatorKeys, access.ReadKeys.Count);
        }
        else
        {
            LogReadApisLoopback(logger, name);
        }

        if (access.HasOperatorKeys)
        {
            LogAdminApisOn(logger, name, operatorKeys);
        }
        else
        {
            LogAdminApisOff(logger, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} listening on {Address}")]
    private static partial void LogListening(ILogger logger, string service, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} serves {Endpoints}")]
    private static partial void LogEndpoints(ILogger logger, string service, string endpoints);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} read APIs: key required ({OperatorKeys} operator, {ReadKeys} read keys; X-Api-Key)")]
    private static partial void LogReadApisKeyed(ILogger logger, string service, int operatorKeys, int readKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} read APIs: open to loopback callers only (no Api:Keys or Api:ReadKeys)")]
    private static partial void LogReadApisLoopback(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} admin APIs: on ({OperatorKeys} operator keys)")]
    private static partial void LogAdminApisOn(ILogger logger, string service, int operatorKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} admin APIs: off (no operator key: set Api:Keys or Api:NamedKeys)")]
    private static partial void LogAdminApisOff(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} ready on {Addresses}")]
    private static partial void LogReady(ILogger logger, string service, string addresses);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} bus: RabbitMQ {Nodes}, virtual host {VirtualHost}")]
    private static partial void LogRabbitMq(ILogger logger, string service, string nodes, string virtualHost);

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
