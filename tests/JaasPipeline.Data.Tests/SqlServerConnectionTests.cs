using System.Net;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;

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
