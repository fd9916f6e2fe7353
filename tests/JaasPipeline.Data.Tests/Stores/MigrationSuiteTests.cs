using Dapper;
using JaasPipeline.Testing;

namespace JaasPipeline.Data.Tests.Stores;

/// <summary>Every module's migrations on each backend: all apply on an empty database, each once, and a second run or a second instance adds nothing.</summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class MigrationSuiteTests(TestDatabaseBackend backend)
{
    private static IEnumerable<System.Reflection.Assembly> Modules =>
        SqlServerStatements.Assemblies.Where(assembly => SchemaMigrator.Scripts(assembly, DatabaseProvider.Sqlite).Count > 0
            || SchemaMigrator.Scripts(assembly, DatabaseProvider.SqlServer).Count > 0);

    [Test]
    public async Task EveryModule_MigratesAndASecondRunAppliesNothing()
    {
        await using var database = await backend.CreateAsync("migrations");

        await database.MigrateAsync([.. Modules]);
        var first = await VersionsAsync(database.Database);
        await database.MigrateAsync([.. Modules]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Has.Count.EqualTo(Modules.Sum(module => SchemaMigrator.Scripts(module, backend.Provider).Count)));
            Assert.That(await VersionsAsync(database.Database), Is.EqualTo(first));
        }
    }

    [Test]
    public async Task TwoInstancesOnAnEmptyDatabase_ApplyEachScriptExactlyOnce()
    {
        await using var database = await backend.CreateAsync("migrations");
        var twin = new TestDatabase(database.Twin(), () => ValueTask.CompletedTask);

        await Task.WhenAll(Task.Run(() => database.MigrateAsync([.. Modules])), Task.Run(() => twin.MigrateAsync([.. Modules])));

        Assert.That(await VersionsAsync(database.Database), Has.Count.EqualTo(Modules.Sum(module => SchemaMigrator.Scripts(module, backend.Provider).Count)));
    }

    private static async Task<List<(string Module, int Version)>> VersionsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(string, int)>("SELECT module, version FROM schema_versions ORDER BY module, version")).ToList();
    }
}
