using JaasPipeline.Ingress;
using JaasPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Attendance.Tests;

/// <summary>The real ingress and the real attendance service in one Kestrel host on 127.0.0.1, over real SQLite files (or the databases given).</summary>
public sealed class AttendanceTestHost : IAsyncDisposable
{
    public const string Secret = "whsec_attendance_tests_0000000000000";
    private readonly ModuleTestHost host;

    private AttendanceTestHost(ModuleTestHost host) => this.host = host;

    public HttpClient Client => host.Client;

    public AttendanceStore Store => host.Services.GetRequiredService<AttendanceStore>();

    public static Task<AttendanceTestHost> StartAsync(TempFolder folder, IDictionary<string, string?> extraSettings) =>
        StartAsync(
            new Dictionary<string, string?>
            {
                ["Ingress:Database:ConnectionString"] = folder.SqliteConnectionString("ingress"),
                ["Attendance:Database:ConnectionString"] = folder.SqliteConnectionString("attendance"),
            },
            extraSettings);

    /// <summary>The same host on the given databases (a backend of <see cref="TestDatabaseBackend"/>: SQLite or SQL Server).</summary>
    public static Task<AttendanceTestHost> StartAsync(TestDatabase ingress, TestDatabase attendance, IDictionary<string, string?> extraSettings) =>
        StartAsync(ingress.Settings("Ingress:Database").Concat(attendance.Settings("Attendance:Database")).ToDictionary(), extraSettings);

    private static async Task<AttendanceTestHost> StartAsync(IDictionary<string, string?> databases, IDictionary<string, string?> extraSettings)
    {
        var settings = new Dictionary<string, string?>(databases)
        {
            ["Ingress:WebhookSecrets:0"] = Secret,
            ["Ingress:Relay:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in extraSettings)
        {
            settings[key] = value;
        }

        return new AttendanceTestHost(await ModuleTestHost.StartAsync(
            settings,
            builder =>
            {
                builder.AddIngress();
                builder.AddAttendance();
            },
            bus => bus.AddAttendanceConsumers(),
            app =>
            {
                app.MapIngressApi();
                app.MapAttendanceApi();
            }));
    }

    /// <summary>Posts a delivery to the ingress signed as JaaS signs it, and insists on a 200.</summary>
    public Task DeliverAsync(string body) => SignedDelivery.DeliverAsync(Client, Secret, body);

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
