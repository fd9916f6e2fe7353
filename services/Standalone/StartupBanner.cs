using JaasPipeline.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace JaasPipeline.Standalone;

/// <summary>Tells the person who just ran the one command where to send deliveries and where the data lives.</summary>
public static partial class StartupBanner
{
    public static void LogWhereItRuns(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                LogListening(app.Logger, address, address.TrimEnd('/') + "/webhooks/jaas");
            }

            foreach (var name in new[] { "ingress", "attendance", "media-artifacts", "transcription", "analytics" })
            {
                var database = app.Services.GetRequiredKeyedService<Database>(name);
                LogData(app.Logger, name, database.Provider, database.Location);
            }
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "JaasPipeline standalone listening on {Address} (JaaS webhook URL: {WebhookUrl})")]
    private static partial void LogListening(ILogger logger, string address, string webhookUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data of {Service}: {Provider} {Location}")]
    private static partial void LogData(ILogger logger, string service, DatabaseProvider provider, string location);
}
