using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JaasPipeline.Testing;

/// <summary>A JaasPipeline host (or a shell running several) as a real child process, on a free loopback port.</summary>
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
        var start = StartInfo("dotnet", [dll], workingFolder, new Dictionary<string, string>(environment) { ["Urls"] = address.ToString() });
        var service = new ServiceProcess(Process.Start(start)!, address);
        await service.WaitUntilReadyAsync(address);
        return service;
    }

    /// <summary>
    /// Runs <c>bash -c <paramref name="script"/></c> in <paramref name="workingFolder"/> with <paramref name="environment"/>;
    /// <see cref="Address"/> and <see cref="Client"/> point at <paramref name="address"/>. Does not wait for anything.
    /// </summary>
    public static ServiceProcess StartShell(string script, string workingFolder, IDictionary<string, string> environment, Uri address)
    {
        return new ServiceProcess(Process.Start(StartInfo("bash", ["-c", script], workingFolder, environment))!, address);
    }

    /// <summary>
    /// Runs <paramref name="dll"/> with <paramref name="arguments"/> until it exits by itself (within a minute) and
    /// returns its exit code and every line it printed (standard output and error).
    /// </summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunToExitAsync(
        string dll, string workingFolder, IDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo("dotnet", [dll, .. arguments], workingFolder, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(dll)} {string.Join(' ', arguments)} did not exit within a minute:\n{await output}{await error}");
        }

        var lines = (await output + await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, lines);
    }

    // Production unless the caller says otherwise: the hosts' own appsettings.json, no Development-only endpoints.
    private static ProcessStartInfo StartInfo(string fileName, string[] arguments, string workingFolder, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>The repository's root folder (the tests run from tests/&lt;Project&gt;/bin/&lt;Configuration&gt;/&lt;tfm&gt;/).</summary>
    public static string RepositoryRoot =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>Waits until <paramref name="address"/> answers <c>/health/ready</c> with 200 (fails if the process exits).</summary>
    public Task WaitUntilReadyAsync(Uri address) =>
        Eventually.WaitUntilAsync(() => IsReadyAsync(address), TimeSpan.FromSeconds(90), $"{address} answers /health/ready");

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

    private async Task<bool> IsReadyAsync(Uri address)
    {
        if (process.HasExited)
        {
            Assert.Fail($"The process exited with {process.ExitCode}:\n{Output}");
        }

        try
        {
            return (await Client.GetAsync(new Uri(address, "/health/ready"))).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception notYet) when (notYet is HttpRequestException or SocketException or IOException)
        {
            // A host still binding its port can accept and drop a connection; SocketsHttpHandler then throws the
            // SocketException of reading the remote end point unwrapped (seen in CI: ENOTCONN), not an HttpRequestException.
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

    /// <summary>A port no process listens on now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
