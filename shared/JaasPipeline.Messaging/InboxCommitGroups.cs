using System.Collections.Concurrent;
using JaasPipeline.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>
/// One <see cref="InboxCommitGroup"/> per SQLite consumer database of the process, stopped with the host: the
/// container disposes it after the bus has stopped, when no consume is waiting for a group any more.
/// </summary>
public sealed class InboxCommitGroups(IOptions<MessagingOptions> options, ILoggerFactory loggers) : IAsyncDisposable
{
    // Lazy: GetOrAdd may run its factory twice in a race, and each group starts a writer.
    private readonly ConcurrentDictionary<string, Lazy<InboxCommitGroup>> groups = new(StringComparer.Ordinal);

    public InboxCommitGroup For(Database database) => groups.GetOrAdd(
        database.Name,
        _ => new Lazy<InboxCommitGroup>(() => new InboxCommitGroup(database, options.Value.InboxMaxGroup, loggers.CreateLogger<InboxCommitGroup>()))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var group in groups.Values.Where(group => group.IsValueCreated))
        {
            await group.Value.DisposeAsync();
        }
    }
}
