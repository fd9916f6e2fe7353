using Dapper;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Ingress.Tests;

/// <summary>A real ingress on Kestrel (127.0.0.1, a free port) over a real SQLite file, built the way the host builds it.</summary>
public sealed class IngressTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private IngressTestHost(WebApplication app)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Database = app.Services.GetRequiredKeyedService<Database>(IngressExtensions.ServiceName);
    }

    public HttpClient Client { get; }

    public Database Database { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>The settings every test host starts from: one secret, SQLite in <paramref name="folder"/>, the in-memory bus.</summary>
    public static Dictionary<string, string?> DefaultSettings(TempFolder folder, string databaseName = "ingress") => new()
    {
        ["Ingress:WebhookSecrets:0"] = Deliveries.Secret,
        ["Ingress:Database:Provider"] = "Sqlite",
        ["Ingress:Database:ConnectionString"] = folder.SqliteConnectionString(databaseName),
        ["Ingress:Relay:PollInterval"] = "00:00:00.200",
        ["Ingress:Relay:PublishTimeout"] = "00:00:03",
        ["Ingress:Relay:ClaimLease"] = "00:00:30",
        ["Ingress:Relay:MaxBackoff"] = "00:00:01",
        ["Messaging:Transport"] = "InMemory",
        ["SettingsProvisioning:SnapshotFile"] = System.IO.Path.Combine(folder.Path, databaseName + "-room-settings.json"),
    };

    /// <summary><see cref="DefaultSettings"/> with the bus on RabbitMQ (<paramref name="busSettings"/> from <see cref="RabbitMqBroker.CreateVirtualHostAsync"/>).</summary>
    public static Dictionary<string, string?> OnBroker(TempFolder folder, IReadOnlyDictionary<string, string?> busSettings)
    {
        var settings = DefaultSettings(folder);
        foreach (var (key, value) in busSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<IngressTestHost> StartAsync(
        IDictionary<string, string?> settings,
        Action<IBusRegistrationConfigurator>? consumers = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddIngress();
        configure?.Invoke(builder);
        builder.Services.AddJaasMessaging(builder.Configuration, consumers);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIngressApi();
        await app.StartAsync();
        return new IngressTestHost(app);
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync();
        // Table names come from the tests themselves, never from input.
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
