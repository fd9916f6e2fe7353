using System.Data.Common;

namespace JaasPipeline.Messaging;

/// <summary>
/// The database transaction the inbox opened for the message being consumed (scoped to one consume).
/// A consumer writes through it so that its effect and the inbox record commit or roll back together.
/// </summary>
public sealed class InboxTransaction
{
    private DbConnection? connection;
    private DbTransaction? transaction;

    public DbConnection Connection => connection ?? throw NotInInbox();

    public DbTransaction Transaction => transaction ?? throw NotInInbox();

    internal void Begin(DbConnection openConnection, DbTransaction openTransaction)
    {
        connection = openConnection;
        transaction = openTransaction;
    }

    private static InvalidOperationException NotInInbox() => new(
        "No inbox transaction: configure the consumer's endpoint with UseInbox(context) in its ConsumerDefinition.");
}
