using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data.Tests;

/// <summary>A connection string its provider cannot use stops start-up with one line naming the key, and never echoes a password.</summary>
public sealed class DatabaseOptionsValidationTests
{
    private const string Password = "Sup3r-Secret!";

    [TestCase(DatabaseProvider.Sqlite, $"Server=db.internal;Database=ingress;User Id=sa;Password={Password}",
        "Svc:Database:ConnectionString is a SQL Server connection string but Svc:Database:Provider is Sqlite")]
    [TestCase(DatabaseProvider.Sqlite, "Data Sorce=data/ingress.db", "Svc:Database:ConnectionString is not a valid SQLite connection string")]
    [TestCase(DatabaseProvider.Sqlite, "Data Source=:memory:", "Svc:Database:ConnectionString must name a database file")]
    [TestCase(DatabaseProvider.SqlServer, "Data Source=data/ingress.db", "Svc:Database:ConnectionString names a file, not a server")]
    [TestCase(DatabaseProvider.SqlServer, $"Server=db.internal;User Id=sa;Password={Password}", "Svc:Database:ConnectionString names no database")]
    [TestCase(DatabaseProvider.SqlServer, $"Server=db.internal;Databse=ingress;User Id=sa;Password={Password}",
        "Svc:Database:ConnectionString is not a valid SQL Server connection string")]
    [TestCase(DatabaseProvider.SqlServer, $"Server=db.internal;Database=ingress;Encrypt=maybe;Password={Password}",
        "Svc:Database:ConnectionString is not a valid SQL Server connection string")]
    public void UnusableConnectionString_StopsStartUpWithOneLine(DatabaseProvider provider, string connectionString, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Svc:Database:Provider"] = provider.ToString(),
            ["Svc:Database:ConnectionString"] = connectionString,
        });
        builder.Services.AddServiceDatabase("svc", builder.Configuration.GetSection("Svc:Database"));
        using var host = builder.Build();

        var exception = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception!.Failures, Has.Exactly(1).Items.And.One.StartsWith(expected));
            Assert.That(exception.Message, Does.Not.Contain(Password));
        }
    }

    [TestCase(DatabaseProvider.Sqlite, "Data Source=data/ingress.db")]
    [TestCase(DatabaseProvider.SqlServer, "Server=tcp:db.internal,1433;Database=ingress;User Id=jaas;Password=x;Encrypt=Strict")]
    [TestCase(DatabaseProvider.SqlServer, "Server=localhost;Database=ingress;Integrated Security=true;TrustServerCertificate=true")]
    public void UsableConnectionString_IsAccepted(DatabaseProvider provider, string connectionString)
    {
        var validator = new DatabaseOptionsValidator("svc", "Svc:Database");

        var result = validator.Validate("svc", new DatabaseOptions { Provider = provider, ConnectionString = connectionString });

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }
}
