using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// One bash process fed one command at a time on its standard input, as a person pastes commands into a terminal:
/// variables, functions and background jobs carry over from one command to the next. Standard error is merged into
/// standard output, so a command's answer is every line it printed.
/// </summary>
public sealed class PastedShell : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();
    private readonly string sentinel = "@@pasted-shell-" + Guid.NewGuid().ToString("N");

    public PastedShell(string workingFolder, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.AutoFlush = true;
        process.StandardInput.WriteLine("exec 2>&1");
    }

    /// <summary>Runs <paramref name="command"/> and returns its exit code and what it printed (fails after <paramref name="timeout"/>).</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string command, TimeSpan timeout)
    {
        await process.StandardInput.WriteLineAsync(command);
        // On a line of its own, so that it runs after the command whatever the command ends with (a comment, a '&').
        await process.StandardInput.WriteLineAsync($"echo \"{sentinel} $?\"");
        var output = new StringBuilder();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await lines.Reader.ReadAsync(deadline.Token);
                var at = line.IndexOf(sentinel, StringComparison.Ordinal);
                if (at >= 0)
                {
                    output.Append(line[..at]);
                    return (int.Parse(line[(at + sentinel.Length)..].Trim(), System.Globalization.CultureInfo.InvariantCulture), output.ToString());
                }

                output.AppendLine(line);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Did not finish within {timeout}:\n{command}\n{output}");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is not null)
        {
            lines.Writer.TryWrite(line);
        }
    }
}
