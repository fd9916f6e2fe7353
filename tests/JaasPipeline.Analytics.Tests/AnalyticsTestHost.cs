using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Analytics.Tests;

/// <summary>The real analytics module in a Kestrel host on 127.0.0.1, over a real SQLite file, on the in-memory bus.</summary>
public sealed class AnalyticsTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private AnalyticsTestHost(WebApplication app, string artifactRoot)
    {
        this.app = app;
        ArtifactRoot = artifactRoot;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    /// <summary>Where the module reads statistics files (what the media-artifacts service would write).</summary>
    public string ArtifactRoot { get; }

    public IBus Bus => app.Services.GetRequiredService<IBus>();

    public static async Task<AnalyticsTestHost> StartAsync(TempFolder folder, IDictionary<string, string?>? extraSettings = null)
    {
        var artifactRoot = Path.Combine(folder.Path, "artifacts");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:Database:ConnectionString"] = folder.SqliteConnectionString("analytics"),
            ["Analytics:ArtifactStorageRoot"] = artifactRoot,
            ["Messaging:Transport"] = "InMemory",
        });
        builder.Configuration.AddInMemoryCollection(extraSettings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        builder.AddAnalytics();
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAnalyticsConsumers());

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapAnalyticsApi();
        await app.StartAsync();
        return new AnalyticsTestHost(app, artifactRoot);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
