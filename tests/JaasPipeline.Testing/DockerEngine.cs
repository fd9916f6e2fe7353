using System.Net.Sockets;

namespace JaasPipeline.Testing;

/// <summary>Tells whether a Docker engine answers here, so Testcontainers tests can run or say why they are skipped.</summary>
public static class DockerEngine
{
    private static readonly Lazy<string?> Missing = new(FindWhyMissing);

    /// <summary>True when a Docker engine answers on DOCKER_HOST or the default socket.</summary>
    public static bool IsAvailable => Missing.Value is null;

    /// <summary>Why no engine answers (the socket missing, refusing...), or null when one does.</summary>
    public static string? WhyMissing => Missing.Value;

    /// <summary>Marks the current test skipped, with the reason, when no engine answers.</summary>
    public static void RequireOrSkip()
    {
        if (Missing.Value is { } reason)
        {
            Assert.Ignore($"skipped: no Docker engine ({reason})");
        }
    }

    private static string? FindWhyMissing()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var socketPath = host is { Length: > 0 } && host.StartsWith("unix://", StringComparison.Ordinal)
            ? host["unix://".Length..]
            : host is { Length: > 0 } ? null : "/var/run/docker.sock";
        if (socketPath is null)
        {
            return null; // a TCP DOCKER_HOST: let Testcontainers try it
        }

        if (!File.Exists(socketPath))
        {
            return $"{socketPath} does not exist";
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            socket.Send("GET /_ping HTTP/1.0\r\n\r\n"u8);
            var buffer = new byte[64];
            var read = socket.Receive(buffer);
            return read > 0 && System.Text.Encoding.ASCII.GetString(buffer, 0, read).Contains(" 200 ") ? null : $"{socketPath} did not answer /_ping";
        }
        catch (SocketException exception)
        {
            return $"{socketPath}: {exception.Message}";
        }
    }
}
