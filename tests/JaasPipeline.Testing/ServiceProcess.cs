using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JaasPipeline.Testing;

/// <summary>A JaasPipeline host as a real child process (`dotnet <dll>`), on a free loopback port.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServiceProcess(Process process, Uri address)
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

    /// <summary>
    /// Starts <paramref name="dll"/> in <paramref name="workingFolder"/> with <paramref name="environment"/> on a free
    /// loopback port (or <paramref name="port"/>) and waits until its /health/ready answers 200.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string dll, string workingFolder, IDictionary<string, string> environment, int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet", [dll])
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

        var service = new ServiceProcess(Process.Start(start)!, address);
        await Eventually.WaitUntilAsync(service.IsReadyAsync, TimeSpan.FromSeconds(60), $"{Path.GetFileName(dll)} answers /health/ready on {address}");
        return service;
    }

    /// <summary>The output folder of a host project of this repository, built in the same configuration as the tests.</summary>
    public static string HostDll(string relativeProjectFolder, string assemblyName)
    {
        // tests/<Project>/bin/<Configuration>/<tfm>/ → the repository root is five levels up.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, relativeProjectFolder, "bin", configuration, framework, assemblyName + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {relativeProjectFolder} first (dotnet build JaasPipeline.sln).", dll);
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
