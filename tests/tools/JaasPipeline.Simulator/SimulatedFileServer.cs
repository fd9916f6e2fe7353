using JaasPipeline.Traffic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Simulator;

/// <summary>
/// Stands in for JaaS's storage with <c>--serve-files</c>: Kestrel on 127.0.0.1 serving each meeting's recording,
/// chat, documents and statistics files (<see cref="SimulatedFiles"/>), with Range support as object storage has.
/// </summary>
internal sealed class SimulatedFileServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private long served;

    private SimulatedFileServer(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Files answered so far.</summary>
    public long Served => Interlocked.Read(ref served);

    public static async Task<SimulatedFileServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new SimulatedFileServer(app);
        app.MapGet("/files/{size:int}/{name}", (int size, string name) =>
        {
            Interlocked.Increment(ref server.served);
            return size is < 0 or > 100_000_000
                ? Results.NotFound()
                : Results.Bytes(SimulatedFiles.Content(name, size), "application/octet-stream", enableRangeProcessing: true);
        });
        app.MapGet("/stats/{name}", (string name) =>
        {
            Interlocked.Increment(ref server.served);
            return Results.Bytes(SimulatedFiles.StatisticsFile(), "application/gzip", enableRangeProcessing: true);
        });
        await app.StartAsync();
        server.Address = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
