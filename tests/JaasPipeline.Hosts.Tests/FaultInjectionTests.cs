using Dapper;
using JaasPipeline.Simulator;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// Production mode under faults: the ingress and the attendance, transcription and analytics hosts as processes on the
/// real RabbitMQ, simulator traffic flowing (duplicates, shuffled, retries), and consumer hosts killed with SIGKILL while
/// they work through their queues, then started again. The ledger — accepted deliveries against the effects in each
/// consumer's tables — must show nothing lost and nothing doubled, and every read API must agree with the traffic.
/// </summary>
public sealed class FaultInjectionTests
{
    private const string Secret = "whsec_fault_injection_test_0000000000";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private TestVirtualHost virtualHost = null!;

    [SetUp]
    public async Task CreateVirtualHost() => virtualHost = await TestVirtualHost.CreateAsync("fault-tests");

    [TearDown]
    public async Task DeleteVirtualHost() => await virtualHost.DisposeAsync();

    [Test]
    public async Task ConsumerHostsKilledMidStream_LoseAndDoubleNothing()
    {
        using var folder = new TempFolder("faults");
        var bus = virtualHost.BusSettings.ToDictionary(e => e.Key.Replace(":", "__"), e => e.Value!);
        var attendance = await StartAsync(HostProgram.Attendance, folder, bus);
        var transcription = await StartAsync(HostProgram.Transcription, folder, bus);
        var analytics = await StartAsync(HostProgram.Analytics, folder, bus);
        foreach (var queue in new[] { "attendance", "transcription", "analytics" })
        {
            await virtualHost.WaitForConsumerAsync(queue);
        }

        await using var ingress = await StartAsync(HostProgram.Ingress, folder, bus, new() { ["Ingress__WebhookSecrets__0"] = Secret });
        var traffic = new StringWriter();
        var settings = new SimulationSettings(
            ingress.Address, Secret, Meetings: 120, Participants: null, Concurrency: 6, Duplicates: 0.1, Shuffle: true, Retry: true,
            Seed: 2026, Verify: true, ApiKey: null, attendance.Address, transcription.Address, analytics.Address, Deadline);
        var simulation = new SimulationRun(settings with { Verify = false }, traffic);
        var simulating = simulation.RunAsync(CancellationToken.None);

        // Each consumer host dies while its queue still holds work: in the middle of a group of messages, whose inbox
        // rows and effects were not committed, so RabbitMQ delivers them again to the restarted host.
        analytics = await KillAndRestartWhenAsync(analytics, HostProgram.Analytics, folder, bus, () => CountAsync(folder, "analytics", "analytics_event_journal"), 400);
        attendance = await KillAndRestartWhenAsync(attendance, HostProgram.Attendance, folder, bus, () => CountAsync(folder, "attendance", "attendance_facts"), 300);
        await using var _ = attendance;
        await using var __ = analytics;
        await using var ___ = transcription;
        Assert.That(await simulating, Is.EqualTo(SimulationRun.Succeeded), traffic.ToString());

        var verification = new StringWriter();
        var verified = await new PipelineVerification(settings, verification).RunAsync(simulation.Expected, CancellationToken.None);
        var ledger = await LedgerAsync(folder);
        TestContext.Progress.WriteLine(traffic.ToString() + verification + ledger.Text);
        Assert.That(ledger.Lost, Is.Zero, ledger.Text);
        Assert.That(ledger.Doubled, Is.Zero, ledger.Text);
        Assert.That(verified, Is.True, verification.ToString());
    }

    private static async Task<ServiceProcess> KillAndRestartWhenAsync(
        ServiceProcess host, HostProgram program, TempFolder folder, Dictionary<string, string> bus, Func<Task<long>> progress, long threshold)
    {
        await Eventually.WaitUntilAsync(async () => await progress() >= threshold, Deadline, $"{program} has done some of its work");
        await host.KillHardAsync();
        TestContext.Progress.WriteLine($"killed {program} (SIGKILL) with {await progress()} effects committed; starting it again");
        await host.DisposeAsync();
        return await StartAsync(program, folder, bus, port: host.Address.Port);
    }

    private static Task<ServiceProcess> StartAsync(
        HostProgram program, TempFolder folder, Dictionary<string, string> bus, Dictionary<string, string>? extra = null, int? port = null)
    {
        var settings = new Dictionary<string, string>(bus);
        foreach (var section in program.Sections.Where(s => s is not ("Api" or "SettingsProvisioning")))
        {
            settings[$"{section}__Database__Provider"] = "Sqlite";
            settings[$"{section}__Database__ConnectionString"] = folder.SqliteConnectionString(section.ToLowerInvariant());
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return ServiceProcess.StartAsync(program.Dll, Path.GetDirectoryName(program.Dll)!, settings, port);
    }

    private static async Task<long> CountAsync(TempFolder folder, string database, string table)
    {
        await using var connection = new SqliteConnection(folder.SqliteConnectionString(database) + ";Mode=ReadOnly;Pooling=False");
        try
        {
            return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        }
        catch (SqliteException)
        {
            return 0; // not created yet
        }
    }

    // Accepted deliveries (the ingress's outbox) against each consumer's effects: every accepted delivery is in the
    // analytics journal once; every participant or room event is an attendance fact once (its key is the fact's key);
    // every transcript phrase is a segment once.
    private static async Task<(long Lost, long Doubled, string Text)> LedgerAsync(TempFolder folder)
    {
        static async Task<List<(string Key, string Type)>> ReadAsync(TempFolder folder, string database, string sql)
        {
            await using var connection = new SqliteConnection(folder.SqliteConnectionString(database) + ";Mode=ReadOnly;Pooling=False");
            return [.. await connection.QueryAsync<(string, string)>(sql)];
        }

        var accepted = await ReadAsync(folder, "ingress", "SELECT idempotency_key, event_type FROM outbox_deliveries");
        var journal = await ReadAsync(folder, "analytics", "SELECT idempotency_key, event_type FROM analytics_event_journal");
        var facts = await ReadAsync(folder, "attendance", "SELECT idempotency_key, kind FROM attendance_facts");
        var segments = await ReadAsync(folder, "transcription", "SELECT idempotency_key, message_id FROM transcript_segments");
        string[] attendanceTypes = ["ROOM_CREATED", "ROOM_DESTROYED", "PARTICIPANT_JOINED", "PARTICIPANT_LEFT", "PARTICIPANT_JOINED_LOBBY", "PARTICIPANT_LEFT_LOBBY"];

        var rows = new List<(string Service, long Expected, long Distinct, long Rows)>
        {
            ("analytics journal", accepted.Count, journal.Select(j => j.Key).Distinct().Count(), journal.Count),
            ("attendance facts", accepted.Count(a => attendanceTypes.Contains(a.Type)), facts.Select(f => f.Key).Distinct().Count(), facts.Count),
            ("transcript phrases", accepted.Count(a => a.Type == "TRANSCRIPTION_CHUNK_RECEIVED"), segments.Select(s => s.Key).Distinct().Count(), segments.Count),
        };
        var lost = rows.Sum(r => r.Expected - r.Distinct) +
                   accepted.Select(a => a.Key).Except(journal.Select(j => j.Key)).LongCount();
        var doubled = rows.Sum(r => r.Rows - r.Distinct);
        var text = "Ledger (accepted deliveries against effects):\n" + string.Join('\n', rows.Select(r =>
            $"  {r.Service,-20} expected {r.Expected,6}  present {r.Distinct,6}  lost {r.Expected - r.Distinct,4}  doubled {r.Rows - r.Distinct,4}")) + "\n";
        return (lost, doubled, text);
    }
}
