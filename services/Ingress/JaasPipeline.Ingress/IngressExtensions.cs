using JaasPipeline.Data;
using JaasPipeline.Ingress.DeliveryLog;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Ingress.Replay;
using JaasPipeline.Ingress.RoomSettings;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress;

/// <summary>Wires the ingress module into a host: options, database, group-commit writer, relay, endpoint.</summary>
public static partial class IngressExtensions
{
    /// <summary>The service's name: its database key and its part of the configuration.</summary>
    public const string ServiceName = "ingress";

    public static IHostApplicationBuilder AddIngress(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngressOptions>().Bind(builder.Configuration.GetSection(IngressOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngressOptions>, IngressOptionsValidator>();
        services.AddServiceDatabase(ServiceName, builder.Configuration.GetSection($"{IngressOptions.Section}:Database"), typeof(OutboxStore).Assembly);
        services.AddIngressRetention(ServiceName);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new OutboxStore(sp.GetRequiredKeyedService<Database>(ServiceName)));
        services.AddSingleton(sp => new DeliveryLogStore(sp.GetRequiredKeyedService<Database>(ServiceName)));
        services.AddMetrics();
        services.AddSingleton<IngressMetrics>();
        // Rung by every commit (and replay), so the relay publishes at once instead of at its next poll.
        services.AddKeyedSingleton<Doorbell>(ServiceName);
        services.AddSingleton<IOutboxRedelivery, OutboxRedelivery>();
        services.AddSingleton<OutboxCommitHealthCheck>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            OutboxCommitHealthCheck.Name, sp => sp.GetRequiredService<OutboxCommitHealthCheck>(), HealthStatus.Unhealthy, ["ready"]));
        services.AddOptions<SettingsProvisioningOptions>()
            .Bind(builder.Configuration.GetSection(SettingsProvisioningOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SettingsProvisioningOptions>, SettingsProvisioningOptionsValidator>();
        services.AddSingleton(sp => new RoomSettingsStore(sp.GetRequiredKeyedService<Database>(ServiceName), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RoomSettingsSnapshot>();
        services.AddApiAccess(builder.Configuration);
        services.AddSingleton<IStartupBannerLines, IngressBannerLines>();
        services.AddHostedService(sp => sp.GetRequiredService<RoomSettingsSnapshot>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            RoomSettingsSnapshot.HealthCheckName, sp => sp.GetRequiredService<RoomSettingsSnapshot>(), HealthStatus.Degraded, ["ready"]));
        services.AddSingleton<DeliveryBodyBudget>();
        services.AddSingleton<DeliveryWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWriter>());
        services.AddSingleton<IPublishSettlement>(sp => sp.GetService<InMemoryDeliveryTracker>() is { } tracker
            ? ActivatorUtilities.CreateInstance<InMemorySettlement>(sp, tracker)
            : new SettledOnConfirm());
        services.AddHostedService<OutboxRelay>();
        return builder;
    }

    public static WebApplication MapIngressApi(this WebApplication app)
    {
        // Read once started: options are validated then, and a bad one must stop the host with its own message.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<IngressOptions>>().Value;
            var provisioning = app.Services.GetRequiredService<IOptions<SettingsProvisioningOptions>>().Value;
            if (!SettingsProvisioningApi.CanAuthenticate(options))
            {
                // Nothing can authenticate the call, so it is open: an open endpoint hands out every room's passcode.
                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                var beyondLoopback = addresses.Where(address => !ApiAccess.IsLoopbackAddress(address)).ToList();
                if (provisioning.AllowUnauthenticated)
                {
                    LogProvisioningOpen(app.Logger);
                }
                else if (beyondLoopback.Count > 0)
                {
                    LogProvisioningRefused(app.Logger, string.Join(", ", beyondLoopback));
                    Environment.ExitCode = ServiceHost.BadSettingExitCode;
                    app.Lifetime.StopApplication();
                }
                else
                {
                    LogProvisioningLoopbackOnly(app.Logger);
                }
            }
        });

        app.MapWebhookApi();
        app.MapSettingsProvisioningApi();
        app.MapRoomSettingsAdminApi();
        app.MapDeliveryLogApi();
        app.MapReplayApi();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SettingsProvisioning:AllowUnauthenticated is on and nothing authenticates POST /settings-provisioning: anyone who can reach it reads every room's passcode.")]
    private static partial void LogProvisioningOpen(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POST /settings-provisioning is not authenticated (no Ingress:WebhookSecrets or Ingress:RequiredAuthorization): it answers on loopback only")]
    private static partial void LogProvisioningLoopbackOnly(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not starting: POST /settings-provisioning would hand every room's passcode to anyone on {Addresses}; set Ingress:WebhookSecrets or Ingress:RequiredAuthorization, listen on loopback only, or set SettingsProvisioning:AllowUnauthenticated=true")]
    private static partial void LogProvisioningRefused(ILogger logger, string addresses);
}
