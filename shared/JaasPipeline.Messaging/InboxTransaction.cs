using System.Data.Common;
using JaasPipeline.Data;

namespace JaasPipeline.Messaging;

/// <summary>
/// The database transaction the inbox opened for the message being consumed (scoped to one consume).
/// A consumer writes through it so that its effect and the inbox record commit or roll back together.
/// </summary>
public sealed class InboxTransaction
{
    private Database? database;
    private DbConnection? connection;
    private DbTransaction? transaction;

    /// <summary>The service's database: its <see cref="Database.Sql"/> picks the statement of the dialect.</summary>
    public Database Database => database ?? throw NotInInbox();

    public DbConnection Connection => connection ?? throw NotInInbox();

    public DbTransaction Transaction => transaction ?? throw NotInInbox();

    internal void Begin(Database owner, DbConnection openConnection, DbTransaction openTransaction)
    {
        database = owner;
        connection = openConnection;
        transaction = openTransaction;
    }

    private static InvalidOperationException NotInInbox() => new(
        "No inbox transaction: the consumer's queue must carry the name of a database registered with AddServiceDatabase.");
}
