using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.Tests.Tracing;

/// <summary>
/// Every log line exactly as the host's console would write it: the formatter <c>Logging:Console:FormatterName</c>
/// names, with its options (scopes included) and the logger factory's scopes (the trace ids among them).
/// </summary>
public sealed class ConsoleFormattedLogs(IEnumerable<ConsoleFormatter> formatters, IOptionsMonitor<ConsoleLoggerOptions> console)
    : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider? scopes;

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Write<TState>(LogEntry<TState> entry)
    {
        var name = console.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple;
        var formatter = formatters.Single(f => f.Name == name);
        using var writer = new StringWriter();
        formatter.Write(entry, scopes, writer);
        lines.Enqueue(writer.ToString());
    }

    private sealed class Logger(ConsoleFormattedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes?.Push(state) ?? NullScope.Instance;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
    }

    private sealed class NullScope : IDisposable
    {
        public static readonly NullScope Instance = new();

        public void Dispose()
        {
        }
    }
}
