using System.Data.Common;
using System.Reflection;
using JaasPipeline.Data;
using JaasPipeline.Messaging;

namespace JaasPipeline.Testing;

/// <summary>
/// An open connection and transaction handed to a store the way the inbox filter hands them to a consumer, so the
/// store suites call the consumers' write methods without a bus. Commit to keep the writes; dispose rolls back.
/// </summary>
public sealed class ConsumerTransaction : IAsyncDisposable
{
    // InboxTransaction.Begin is internal to the messaging library (only its filter begins one); the suites reach it
    // by reflection rather than widening the library's surface for tests.
    private static readonly MethodInfo Begin = typeof(InboxTransaction).GetMethod("Begin", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("InboxTransaction.Begin(Database, DbConnection, DbTransaction) is gone.");

    private ConsumerTransaction(DbConnection connection, DbTransaction transaction, InboxTransaction inbox)
    {
        Connection = connection;
        Transaction = transaction;
        Inbox = inbox;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public InboxTransaction Inbox { get; }

    public static async Task<ConsumerTransaction> BeginAsync(Database database)
    {
        var connection = await database.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var inbox = new InboxTransaction();
        Begin.Invoke(inbox, [database, connection, transaction]);
        return new ConsumerTransaction(connection, transaction, inbox);
    }

    /// <summary>Runs <paramref name="write"/> in one consumer transaction and commits it.</summary>
    public static async Task CommitAsync(Database database, Func<ConsumerTransaction, Task> write)
    {
        await using var scope = await BeginAsync(database);
        await write(scope);
        await scope.Transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
