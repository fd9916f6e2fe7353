using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using JaasPipeline.Testing;

namespace JaasPipeline.Standalone.Tests;

/// <summary>The Standalone host as a real child process, started in a working folder of the test's choosing.</summary>
public sealed class StandaloneProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private StandaloneProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the host in <paramref name="workingFolder"/> (its ./data goes there) on a free loopback port.</summary>
    public static async Task<StandaloneProcess> StartAsync(string workingFolder, IDictionary<string, string> environment, int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "JaasPipeline.Standalone.dll")])
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = address.ToString();
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var standalone = new StandaloneProcess(Process.Start(start)!, address);
        await Eventually.WaitUntilAsync(standalone.IsReadyAsync, TimeSpan.FromSeconds(60), $"the standalone host answers /health/ready on {address}");
        return standalone;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — what a crash or an OOM kill does.</summary>
    public async Task KillHardAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            await KillHardAsync();
        }

        process.Dispose();
    }

    private async Task<bool> IsReadyAsync()
    {
        if (process.HasExited)
        {
            Assert.Fail($"The standalone host exited with {process.ExitCode}:\n{Output}");
        }

        try
        {
            return (await Client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
