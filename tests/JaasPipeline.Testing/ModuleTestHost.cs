using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Testing;

/// <summary>
/// Service modules in one Kestrel host on 127.0.0.1 (a free port), on the in-memory bus, wired the way the service
/// hosts wire them: service defaults, the modules, their consumers, the default endpoints and the modules' APIs.
/// </summary>
public sealed class ModuleTestHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private ModuleTestHost(WebApplication app)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public IBus Bus => app.Services.GetRequiredService<IBus>();

    /// <param name="settings">Configuration on top of the in-memory transport (their databases, their options).</param>
    /// <param name="addModules">The modules' <c>Add…</c> calls (and any test seams registered before them).</param>
    /// <param name="addConsumers">The modules' consumers.</param>
    /// <param name="mapApis">The modules' <c>Map…Api</c> calls.</param>
    public static async Task<ModuleTestHost> StartAsync(
        IDictionary<string, string?> settings,
        Action<WebApplicationBuilder> addModules,
        Action<IBusRegistrationConfigurator> addConsumers,
        Action<WebApplication> mapApis)
    {
        // MassTransit keeps its log context in an AsyncLocal that only fills when empty: a second host started from the
        // same test (a restart test) would otherwise log through the first host's disposed logger factory.
        LogContext.Current = null!;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Messaging:Transport"] = "InMemory" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        addModules(builder);
        builder.Services.AddJaasMessaging(builder.Configuration, addConsumers);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        mapApis(app);
        await app.StartAsync();
        return new ModuleTestHost(app);
    }

    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await app.DisposeAsync();
    }
}
