using System.Collections.Concurrent;
using JaasPipeline.ArtifactStorage;
using JaasPipeline.Contracts;
using JaasPipeline.MediaArtifacts.Download;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>The real media-artifacts module in one Kestrel host on 127.0.0.1, on the in-memory bus, over a SQLite file
/// and a filesystem store in the fixture's folder. Several hosts may share one folder (restart tests).</summary>
public sealed class MediaTestHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private MediaTestHost(WebApplication app, TestResolver resolver, ShiftableClock clock)
    {
        this.app = app;
        Resolver = resolver;
        Clock = clock;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }
    public TestResolver Resolver { get; }
    public ShiftableClock Clock { get; }
    public ConcurrentQueue<ConsumeContext<ArtifactStored>> Published { get; } = new();
    public MediaArtifactsStore Store => app.Services.GetRequiredService<MediaArtifactsStore>();
    public FileSystemArtifactStore Files => app.Services.GetRequiredService<FileSystemArtifactStore>();
    public MediaConnectionGuard Guard => app.Services.GetRequiredService<MediaConnectionGuard>();
    public IBus Bus => app.Services.GetRequiredService<IBus>();

    public static async Task<MediaTestHost> StartAsync(
        TempFolder folder, IDictionary<string, string?>? settings = null, TestResolver? resolver = null, ShiftableClock? clock = null)
    {
        // MassTransit keeps its log context in an AsyncLocal that only fills when empty: a second host started from the
        // same test (restart tests) would otherwise log through the first host's disposed logger factory.
        LogContext.Current = null!;
        resolver ??= new TestResolver();
        clock ??= new ShiftableClock();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("MEDIA_TEST_LOG") is { Length: > 0 })
        {
            // Diagnostics on demand: MEDIA_TEST_LOG=1 dotnet test … --logger "console;verbosity=detailed".
            builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MediaArtifacts:Database:ConnectionString"] = folder.SqliteConnectionString("media-artifacts"),
            ["MediaArtifacts:StorageRoot"] = Path.Combine(folder.Path, "artifacts"),
            ["MediaArtifacts:RequireHttps"] = "false",
            ["MediaArtifacts:AllowedHosts:0"] = "127.0.0.1",
            ["MediaArtifacts:AllowedHosts:1"] = "*.test",
            ["MediaArtifacts:PollInterval"] = "00:00:00.050",
            ["MediaArtifacts:RetryAttempts"] = "2",
            ["MediaArtifacts:RetryBaseDelay"] = "00:00:00.010",
            ["MediaArtifacts:RetryDelay"] = "00:10:00",
            ["Messaging:Transport"] = "InMemory",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IMediaHostResolver>(resolver);
        builder.AddServiceDefaults();
        builder.AddMediaArtifacts();
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddMediaArtifactsConsumers());

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapMediaArtifactsApi();
        await app.StartAsync();
        var host = new MediaTestHost(app, resolver, clock);
        var handle = host.Bus.ConnectReceiveEndpoint("media-tests-artifact-stored-" + Guid.NewGuid().ToString("N"),
            endpoint => endpoint.Handler<ArtifactStored>(context =>
            {
                host.Published.Enqueue(context);
                return Task.CompletedTask;
            }));
        await handle.Ready;
        return host;
    }

    /// <summary>Publishes a JaaS event as the relay does: the consumer receives it through its inbox.</summary>
    public Task DeliverAsync(JaasEvent message) => Bus.Publish(message, message.GetType());

    public async Task<ArtifactRow> WaitForStatusAsync(string sessionId, Func<ArtifactRow, bool> which, string status, int seconds = 30)
    {
        ArtifactRow? found = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            found = (await Store.OfSessionAsync(sessionId, CancellationToken.None)).FirstOrDefault(which);
            return found?.Status == status;
        }, TimeSpan.FromSeconds(seconds), $"an artifact of session {sessionId} is {status} (last seen: {found?.Status} {found?.Reason})");
        return found!;
    }

    public Task<ArtifactRow> WaitForStatusAsync(string sessionId, string status, int seconds = 30) =>
        WaitForStatusAsync(sessionId, _ => true, status, seconds);

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
