using Dapper;
using JaasPipeline.Simulator;
using JaasPipeline.Testing;
using JaasPipeline.Traffic;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// Production mode for the fault suite: the ingress and the attendance, media-artifacts, transcription and analytics
/// hosts as processes on one RabbitMQ virtual host, each service's SQLite file in one folder (shared by every instance
/// of that service), one artifact folder (media writes, analytics reads), the simulator serving the meetings' files,
/// and the ledger that compares what the ingress accepted with what each consumer wrote.
/// </summary>
internal sealed class FaultDeployment : IAsyncDisposable
{
    public const string Secret = "whsec_fault_injection_test_0000000000";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    public static readonly HostProgram[] ConsumerPrograms = [HostProgram.Attendance, HostProgram.MediaArtifacts, HostProgram.Transcription, HostProgram.Analytics];
    private static readonly string[] MediaTypes = ["RECORDING_UPLOADED", "CHAT_UPLOADED", "DOCUMENT_ADDED", "RTCSTATS_UPLOADED"];

    private readonly TempFolder folder;
    private readonly Dictionary<string, string> bus;
    private readonly string logFolder;
    private int logsWritten;

    private FaultDeployment(TestVirtualHost virtualHost, string name)
    {
        folder = new TempFolder(name);
        logFolder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "host-logs", $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        bus = virtualHost.BusSettings.ToDictionary(e => e.Key.Replace(":", "__"), e => e.Value!);
    }

    public List<ServiceProcess> Ingresses { get; } = [];

    /// <summary>Every consumer host, by program; the first of each list answers the read APIs.</summary>
    public Dictionary<HostProgram, List<ServiceProcess>> Consumers { get; } = [];

    /// <summary>Starts <paramref name="instances"/> of every host, one after another (each applies its migrations first).</summary>
    public static async Task<FaultDeployment> StartAsync(TestVirtualHost virtualHost, string name, int instances = 1)
    {
        var deployment = new FaultDeployment(virtualHost, name);
        try
        {
            foreach (var program in ConsumerPrograms)
            {
                deployment.Consumers[program] = [];
                for (var i = 0; i < instances; i++)
                {
                    deployment.Consumers[program].Add(await deployment.StartAsync(program));
                }

                await virtualHost.WaitForConsumerAsync(program.ServiceName);
            }

            for (var i = 0; i < instances; i++)
            {
                deployment.Ingresses.Add(await deployment.StartAsync(HostProgram.Ingress));
            }
        }
        catch
        {
            // The hosts already started would outlive the test, and their logs say why the rest did not start.
            await deployment.DisposeAsync();
            throw;
        }

        return deployment;
    }

    /// <summary>Simulator traffic to every ingress instance in turn, read back through the first consumer of each kind.</summary>
    public SimulationSettings Traffic(int meetings, int seed, double duplicates = 0.1, double? rate = null, int concurrency = 6) => new(
        [.. Ingresses.Select(i => i.Address)], Secret, meetings, Participants: null, concurrency, duplicates, Shuffle: true, Retry: true, seed,
        Verify: true, Keys: JaasPipeline.Operations.ServiceKeys.None, Consumers[HostProgram.Attendance][0].Address, Consumers[HostProgram.Transcription][0].Address,
        Consumers[HostProgram.Analytics][0].Address, Deadline, rate, ServeFiles: true, MediaUrl: Consumers[HostProgram.MediaArtifacts][0].Address);

    /// <summary>Kills one consumer host with SIGKILL once its <paramref name="progressTable"/> holds <paramref name="threshold"/> rows, and starts it again on the same port.</summary>
    public async Task KillAndRestartWhenAsync(HostProgram program, int instance, string progressTable, long threshold)
    {
        var host = Consumers[program][instance];
        var database = program.Sections[0].ToLowerInvariant();
        await Eventually.WaitUntilAsync(async () => await CountAsync(database, progressTable) >= threshold, Deadline, $"{program} has done some of its work");
        await host.KillHardAsync();
        TestContext.Progress.WriteLine($"killed {program} (SIGKILL) with {await CountAsync(database, progressTable)} effects committed; starting it again");
        KeepLog(program, instance, host);
        await host.DisposeAsync();
        Consumers[program][instance] = await StartAsync(program, port: host.Address.Port);
    }

    /// <summary>Kills one host with SIGKILL now, and starts it again on the same port.</summary>
    public async Task KillAndRestartAsync(HostProgram program, int instance)
    {
        var hosts = program == HostProgram.Ingress ? Ingresses : Consumers[program];
        var host = hosts[instance];
        await host.KillHardAsync();
        KeepLog(program, instance, host);
        await host.DisposeAsync();
        TestContext.Progress.WriteLine($"killed {program} instance {instance} (SIGKILL); starting it again");
        hosts[instance] = await StartAsync(program, port: host.Address.Port);
    }

    /// <summary>
    /// Holds the write lock of a service's SQLite file (what a database refusing writes looks like to SQLite: every
    /// writer waits out its busy timeout and fails) until the returned lock is disposed.
    /// </summary>
    public async Task<IAsyncDisposable> LockForWritesAsync(string database)
    {
        var connection = new SqliteConnection(folder.SqliteConnectionString(database) + ";Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("BEGIN IMMEDIATE");
        return new WriteLock(connection);
    }

    /// <summary>Deliveries the ingress has accepted (one outbox row per idempotency key).</summary>
    public Task<long> AcceptedAsync() => CountAsync("ingress", "outbox_deliveries");

    /// <summary>Accepted deliveries no relay has published yet.</summary>
    public async Task<long> BacklogAsync()
    {
        await using var connection = new SqliteConnection(folder.SqliteConnectionString("ingress") + ";Mode=ReadOnly;Pooling=False");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_deliveries WHERE published_by IS NULL");
    }

    public Task WaitUntilAcceptedAsync(long deliveries, string because) =>
        Eventually.WaitUntilAsync(async () => await AcceptedAsync() >= deliveries, Deadline, because);

    public async Task<long> CountAsync(string database, string table)
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

    /// <summary>
    /// Accepted deliveries (the ingress's outbox) against each consumer's effects: every accepted delivery is in the
    /// analytics journal once; every participant or room event is an attendance fact once (its key is the fact's key);
    /// every transcript phrase is a segment once. Also which relay instance published how many rows.
    /// </summary>
    public async Task<Ledger> LedgerAsync()
    {
        var accepted = await ReadAsync<(string Key, string Type)>("ingress", "SELECT idempotency_key, event_type FROM outbox_deliveries");
        var journal = await ReadAsync<(string Key, string Type)>("analytics", "SELECT idempotency_key, event_type FROM analytics_event_journal");
        var facts = await ReadAsync<(string Key, string Kind)>("attendance", "SELECT idempotency_key, kind FROM attendance_facts");
        var segments = await ReadAsync<(string Key, string Message)>("transcription", "SELECT idempotency_key, message_id FROM transcript_segments");
        var artifacts = await ReadAsync<(string Key, string Status)>("mediaartifacts", "SELECT idempotency_key, status FROM media_artifacts WHERE link_index = 0");
        var summaries = await ReadAsync<(string Key, string Status)>("analytics", "SELECT idempotency_key, status FROM analytics_call_quality");
        var relays = await ReadAsync<(string? Relay, long Rows)>("ingress", "SELECT published_by, COUNT(*) FROM outbox_deliveries GROUP BY published_by ORDER BY published_by");

        var rows = new List<(string Service, long Expected, long Distinct, long Rows)>
        {
            ("analytics journal", accepted.Count, journal.Select(j => j.Key).Distinct().Count(), journal.Count),
            ("attendance facts", accepted.Count(a => Delivery.AttendanceTypes.Contains(a.Type)), facts.Select(f => f.Key).Distinct().Count(), facts.Count),
            ("transcript phrases", accepted.Count(a => a.Type == "TRANSCRIPTION_CHUNK_RECEIVED"), segments.Select(s => s.Key).Distinct().Count(), segments.Count),
            ("media artifacts", accepted.Count(a => MediaTypes.Contains(a.Type)), artifacts.Select(a => a.Key).Distinct().Count(), artifacts.Count),
            ("call quality", accepted.Count(a => a.Type == "RTCSTATS_UPLOADED"), summaries.Select(s => s.Key).Distinct().Count(), summaries.Count),
        };
        var lost = rows.Sum(r => r.Expected - r.Distinct) + accepted.Select(a => a.Key).Except(journal.Select(j => j.Key)).LongCount();
        var doubled = rows.Sum(r => r.Rows - r.Distinct);
        var text = "Ledger (accepted deliveries against effects):\n" + string.Join('\n', rows.Select(r =>
            $"  {r.Service,-20} expected {r.Expected,6}  present {r.Distinct,6}  lost {r.Expected - r.Distinct,4}  doubled {r.Rows - r.Distinct,4}")) +
            "\n  published by: " + string.Join(", ", relays.Select(r => $"{r.Relay ?? "(not yet)"} {r.Rows}")) + "\n";
        return new Ledger(lost, doubled, relays.Count(r => r.Relay is not null), text);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < Ingresses.Count; i++)
        {
            KeepLog(HostProgram.Ingress, i, Ingresses[i]);
        }

        foreach (var (program, hosts) in Consumers)
        {
            for (var i = 0; i < hosts.Count; i++)
            {
                KeepLog(program, i, hosts[i]);
            }
        }

        TestContext.Progress.WriteLine($"host logs: {logFolder}");
        foreach (var host in Ingresses.Concat(Consumers.Values.SelectMany(hosts => hosts)))
        {
            await host.DisposeAsync();
        }

        folder.Dispose();
    }

    /// <summary>
    /// Writes a host's console output to the test's work folder (a killed host's too, before it is replaced): when a
    /// fault run fails on another machine, its hosts' warnings are the evidence.
    /// </summary>
    private void KeepLog(HostProgram program, int instance, ServiceProcess host)
    {
        Directory.CreateDirectory(logFolder);
        var file = Path.Combine(logFolder, $"{++logsWritten:D2}-{program.ServiceName}-{instance}.log");
        File.WriteAllText(file, host.Output);
    }

    private Task<ServiceProcess> StartAsync(HostProgram program, int? port = null)
    {
        var settings = new Dictionary<string, string>(bus);
        foreach (var section in program.DatabaseSections)
        {
            settings[$"{section}__Database__Provider"] = "Sqlite";
            settings[$"{section}__Database__ConnectionString"] = folder.SqliteConnectionString(section.ToLowerInvariant());
        }

        if (program == HostProgram.MediaArtifacts)
        {
            // The simulator's file server is on loopback: named exactly (so its address is not checked) and plain http.
            settings["MediaArtifacts__AllowedHosts__0"] = "127.0.0.1";
            settings["MediaArtifacts__RequireHttps"] = "false";
            settings["MediaArtifacts__StorageRoot"] = Path.Combine(folder.Path, "artifacts");
        }

        if (program == HostProgram.Analytics)
        {
            settings["Analytics__ArtifactStorageRoot"] = Path.Combine(folder.Path, "artifacts");
        }

        if (program == HostProgram.Ingress)
        {
            settings["Ingress__WebhookSecrets__0"] = Secret;
            settings["SettingsProvisioning__SnapshotFile"] = Path.Combine(folder.Path, $"room-settings-{Guid.NewGuid():N}.json");
        }

        return ServiceProcess.StartAsync(program.Dll, Path.GetDirectoryName(program.Dll)!, settings, port);
    }

    private async Task<List<T>> ReadAsync<T>(string database, string sql)
    {
        await using var connection = new SqliteConnection(folder.SqliteConnectionString(database) + ";Mode=ReadOnly;Pooling=False");
        return [.. await connection.QueryAsync<T>(sql)];
    }

    private sealed class WriteLock(SqliteConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await connection.ExecuteAsync("ROLLBACK");
            await connection.DisposeAsync();
        }
    }
}

/// <summary>The fault suite's ledger: effects missing, effects beyond one per delivery, relay instances that published, and the printed table.</summary>
internal sealed record Ledger(long Lost, long Doubled, int Relays, string Text);
