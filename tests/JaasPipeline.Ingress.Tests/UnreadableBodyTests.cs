using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Ingress.Tests;

/// <summary>A body that stalls or ends early, over raw TCP to real Kestrel: 408/400 as Kestrel would, counted, no error log.</summary>
public sealed class UnreadableBodyTests
{
    private readonly CapturedLogs logs = new();
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        host = await IngressTestHost.StartAsync(IngressTestHost.DefaultSettings(folder), configure: builder =>
        {
            // Kestrel's default notices a stalled body after 5 s; a 1.5 s grace period (it must exceed 1 s) keeps the test short.
            builder.WebHost.ConfigureKestrel(kestrel =>
                kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(1.5)));
            builder.Logging.AddProvider(logs);
        });
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task BodyAbortedBeforeItsContentLength_IsCountedAndNotLoggedAsError()
    {
        var before = await PrometheusScrape.ReadAsync(host.Client);
        using (var socket = await ConnectAsync())
        {
            await SendHeadersAndPartOfTheBodyAsync(socket);

            // The sender goes away mid-body; Kestrel then resets the connection, so there is nobody to answer.
            socket.Shutdown(SocketShutdown.Send);
            await ReadResponseAsync(socket);
        }

        await Eventually.WaitUntilAsync(
            async () => Refused(await PrometheusScrape.ReadAsync(host.Client), before, "body_incomplete", "body_aborted") == 1,
            TimeSpan.FromSeconds(10), "the aborted body is counted");
        Assert.That(logs.Errors, Is.Empty);
    }

    [Test]
    public async Task StalledBody_Is408CountedAndNotLoggedAsError()
    {
        var before = await PrometheusScrape.ReadAsync(host.Client);
        using var socket = await ConnectAsync();
        await SendHeadersAndPartOfTheBodyAsync(socket);

        // Nothing more is sent: Kestrel's minimum data rate ends the wait.
        var response = await ReadResponseAsync(socket);

        Assert.That(response, Does.StartWith("HTTP/1.1 408"));
        await Eventually.WaitUntilAsync(
            async () => (await PrometheusScrape.ReadAsync(host.Client)).Delta(before, "jaas_deliveries_refused_total", "reason=\"body_timeout\"") == 1,
            TimeSpan.FromSeconds(10), "the stalled body is counted");
        Assert.That(logs.Errors, Is.Empty);
    }

    private static double Refused(PrometheusScrape after, PrometheusScrape before, params string[] reasons) =>
        reasons.Sum(reason => after.Delta(before, "jaas_deliveries_refused_total", $"reason=\"{reason}\""));

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30_000 };
        await socket.ConnectAsync(host.Client.BaseAddress!.Host, host.Client.BaseAddress.Port);
        return socket;
    }

    private static async Task SendHeadersAndPartOfTheBodyAsync(Socket socket)
    {
        var request = "POST " + WebhookApi.Route + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                      "Content-Length: 1000\r\n\r\n{\"idempotencyKey\":\"stalled\",";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
    }

    private static async Task<string> ReadResponseAsync(Socket socket)
    {
        var buffer = new byte[8192];
        var received = new StringBuilder();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int count;
            try
            {
                count = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            }
            catch (SocketException)
            {
                break;
            }

            if (count == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }

        return received.ToString();
    }

    /// <summary>Keeps every error-level log entry, to show that a bad body does not produce one.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> errors = new();

        public IReadOnlyCollection<string> Errors => errors;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, errors);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                {
                    errors.Enqueue($"{category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
