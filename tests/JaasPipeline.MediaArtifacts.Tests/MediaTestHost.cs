using System.Collections.Concurrent;
using JaasPipeline.ArtifactStorage;
using JaasPipeline.Contracts;
using JaasPipeline.MediaArtifacts.Download;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>The real media-artifacts module in one Kestrel host on 127.0.0.1, on the in-memory bus, over a SQLite file (or the
/// database given) and a filesystem store in the fixture's folder. Several hosts may share one folder (restart tests).</summary>
public sealed class MediaTestHost : IAsyncDisposable
{
    private readonly ModuleTestHost host;

    private MediaTestHost(ModuleTestHost host, TestResolver resolver, ShiftableClock clock)
    {
        this.host = host;
        Resolver = resolver;
        Clock = clock;
    }

    public HttpClient Client => host.Client;
    public TestResolver Resolver { get; }
    public ShiftableClock Clock { get; }
    public ConcurrentQueue<ConsumeContext<ArtifactStored>> Published { get; } = new();
    public MediaArtifactsStore Store => host.Services.GetRequiredService<MediaArtifactsStore>();
    public FileSystemArtifactStore Files => host.Services.GetRequiredService<FileSystemArtifactStore>();
    public MediaConnectionGuard Guard => host.Services.GetRequiredService<MediaConnectionGuard>();
    public IBus Bus => host.Bus;

    public static Task<MediaTestHost> StartAsync(
        TempFolder folder, IDictionary<string, string?>? settings = null, TestResolver? resolver = null, ShiftableClock? clock = null) =>
        StartAsync(folder, new Dictionary<string, string?> { ["MediaArtifacts:Database:ConnectionString"] = folder.SqliteConnectionString("media-artifacts") },
            settings, resolver, clock);

    /// <summary>The same host on the given database (a backend of <see cref="TestDatabaseBackend"/>: SQLite or SQL Server); files in <paramref name="folder"/>.</summary>
    public static Task<MediaTestHost> StartAsync(TempFolder folder, TestDatabase database, IDictionary<string, string?>? settings = null) =>
        StartAsync(folder, database.Settings("MediaArtifacts:Database"), settings, null, null);

    private static async Task<MediaTestHost> StartAsync(
        TempFolder folder, IDictionary<string, string?> databaseSettings, IDictionary<string, string?>? settings, TestResolver? resolver, ShiftableClock? clock)
    {
        resolver ??= new TestResolver();
        clock ??= new ShiftableClock();
        var all = new Dictionary<string, string?>(databaseSettings)
        {
            ["MediaArtifacts:StorageRoot"] = Path.Combine(folder.Path, "artifacts"),
            ["MediaArtifacts:RequireHttps"] = "false",
            ["MediaArtifacts:AllowedHosts:0"] = "127.0.0.1",
            ["MediaArtifacts:AllowedHosts:1"] = "*.test",
            ["MediaArtifacts:PollInterval"] = "00:00:00.050",
            ["MediaArtifacts:RetryAttempts"] = "2",
            ["MediaArtifacts:RetryBaseDelay"] = "00:00:00.010",
            ["MediaArtifacts:RetryDelay"] = "00:10:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var started = await ModuleTestHost.StartAsync(
            all,
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                builder.Services.AddSingleton<IMediaHostResolver>(resolver);
                builder.AddMediaArtifacts();
            },
            bus => bus.AddMediaArtifactsConsumers(),
            app => app.MapMediaArtifactsApi());
        var host = new MediaTestHost(started, resolver, clock);
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

    public Task StopAsync() => host.StopAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
