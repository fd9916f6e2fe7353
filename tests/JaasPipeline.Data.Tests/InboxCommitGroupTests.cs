using Dapper;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// The inbox's group commit on a real SQLite file: messages waiting together commit in one transaction, and one that
/// throws takes only its own savepoint with it.
/// </summary>
public sealed class InboxCommitGroupTests
{
    [Test]
    public async Task OneMessageOfAGroupThrows_OnlyItsWritesAreUndoneAndTheOthersCommit()
    {
        using var folder = new TempFolder("jaas-commit-group");
        var database = new Database("group-probe", new DatabaseOptions { ConnectionString = folder.SqliteConnectionString("group-probe") });
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE effects (name TEXT NOT NULL)");
        }

        var group = new InboxCommitGroup(database, maxMessages: 64, NullLogger.Instance);
        // Holds the writer in a first group, so that the next three wait and are taken together.
        var release = new TaskCompletionSource();
        var blocker = group.RunAsync(async (_, _) => { await release.Task; return true; });
        var first = group.RunAsync((connection, transaction) => WriteAsync(connection, transaction, "first"));
        var failing = group.RunAsync(async (connection, transaction) =>
        {
            await WriteAsync(connection, transaction, "failing");
            throw new InvalidOperationException("fails after writing");
        });
        var third = group.RunAsync((connection, transaction) => WriteAsync(connection, transaction, "third"));
        release.SetResult();

        Assert.That(await blocker, Is.True);
        Assert.That(await first, Is.True);
        Assert.That(async () => await failing, Throws.InvalidOperationException);
        Assert.That(await third, Is.True);
        await using var check = await database.OpenAsync();
        Assert.That(await check.QueryAsync<string>("SELECT name FROM effects"), Is.EquivalentTo(new[] { "first", "third" }));
    }

    private static async Task<bool> WriteAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string name)
    {
        await connection.ExecuteAsync("INSERT INTO effects (name) VALUES (@Name)", new { Name = name }, transaction);
        return true;
    }
}
