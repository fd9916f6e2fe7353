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

        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(database, typeof(InboxTransaction).Assembly);
        await using var group = new InboxCommitGroup(database, maxMessages: 64, NullLogger.Instance);
        // Holds the writer in a first group, so that the next three wait and are taken together.
        var release = new TaskCompletionSource();
        var blocker = Run(group, "blocker", (_, _) => release.Task);
        var first = Run(group, "first", (connection, transaction) => WriteAsync(connection, transaction, "first"));
        var failing = Run(group, "failing", async (connection, transaction) =>
        {
            await WriteAsync(connection, transaction, "failing");
            throw new InvalidOperationException("fails after writing");
        });
        var third = Run(group, "third", (connection, transaction) => WriteAsync(connection, transaction, "third"));
        var firstAgain = Run(group, "first", (connection, transaction) => WriteAsync(connection, transaction, "first again"));
        release.SetResult();

        Assert.That(await blocker, Is.True);
        Assert.That(await first, Is.True);
        Assert.That(async () => await failing, Throws.InvalidOperationException);
        Assert.That(await third, Is.True);
        Assert.That(await firstAgain, Is.False, "the inbox already had it, from earlier in the same group");
        await using var check = await database.OpenAsync();
        Assert.That(await check.QueryAsync<string>("SELECT name FROM effects"), Is.EquivalentTo(new[] { "first", "third" }));
        Assert.That(
            await check.QueryAsync<string>("SELECT message_id FROM inbox_messages"),
            Is.EquivalentTo(new[] { "blocker", "first", "third" }.Select(name => MessageId(name).ToString())));
    }

    private static Task<bool> Run(InboxCommitGroup group, string name, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task> consume) =>
        group.RunAsync("probe-consumer", MessageId(name), "Probe", consume);

    private static Guid MessageId(string name) => new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    private static Task WriteAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string name) =>
        connection.ExecuteAsync("INSERT INTO effects (name) VALUES (@Name)", new { Name = name }, transaction);
}
