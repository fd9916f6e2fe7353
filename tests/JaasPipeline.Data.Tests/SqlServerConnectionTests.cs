using System.Net;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// The SQL Server path as far as it runs without a SQL Server: the client library loads, parses the connection string
/// and reaches the network. (It once could not: in globalization-invariant mode SqlClient refuses every connection.)
/// </summary>
public sealed class SqlServerConnectionTests
{
    [Test]
    public void OpenAsyncToAClosedLoopbackPort_FailsWithANetworkSqlException()
    {
        var database = SqlServer($"Server=tcp:127.0.0.1,{ClosedLoopbackPort()};Database=jaas;User Id=sa;Password=unused;Connect Timeout=2;Encrypt=false");

        // Not NotSupportedException ("Globalization Invariant Mode is not supported"): the attempt reached the socket.
        var exception = Assert.ThrowsAsync<SqlException>(async () => await (await database.OpenAsync()).DisposeAsync());

        Assert.That(exception!.Message, Does.Contain("network").IgnoreCase.Or.Contain("server was not found").IgnoreCase);
    }

    [Test]
    public async Task ReadinessAgainstAServerThatNeverAnswers_IsUnhealthyWithinTheProbeTimeout()
    {
        // Accepts the TCP connection and then says nothing: SqlClient waits for its pre-login answer.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        var accepting = StaySilentAsync(silent, accepted);
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Svc:Database:Provider"] = "SqlServer",
            ["Svc:Database:ConnectionString"] = $"Server=tcp:127.0.0.1,{port};Database=jaas;User Id=sa;Password=unused;Connect Timeout=120;Encrypt=false",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddServiceDatabase("svc", configuration.GetSection("Svc:Database"));
        await using var provider = services.BuildServiceProvider();

        // Deadline, not a timing assertion: without the probe's own timeout this waits the full 120 s Connect Timeout.
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(report.Entries["database-svc"].Status, Is.EqualTo(HealthStatus.Unhealthy));
        silent.Stop();
        await accepting;
        accepted.ForEach(client => client.Dispose());
    }

    private static async Task StaySilentAsync(TcpListener listener, List<TcpClient> accepted)
    {
        try
        {
            while (true)
            {
                accepted.Add(await listener.AcceptTcpClientAsync());
            }
        }
        catch (Exception stopped) when (stopped is ObjectDisposedException or SocketException)
        {
            // The listener was stopped: the test is over.
        }
    }

    private static Database SqlServer(string connectionString) =>
        new("sqlserver-path", new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = connectionString });

    /// <summary>A loopback port nothing listens on: one the OS just handed out and took back.</summary>
    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
