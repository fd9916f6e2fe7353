using System.Text;
using System.Text.Json;
using JaasPipeline.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>
/// The rules in memory: a provisioning answer reads <see cref="Current"/> and never waits on the database. Loaded
/// whole at start-up and every <c>SettingsProvisioning:RefreshInterval</c> (for changes made on other instances); a
/// change made through this instance (<see cref="ChangeAsync"/>) is applied to the rules held, one rule's work.
/// Each whole load is also written to <c>SettingsProvisioning:SnapshotFile</c>, served if the database cannot be
/// read at start-up; a change made here reaches that file with the next load.
/// </summary>
public sealed partial class RoomSettingsSnapshot(
    RoomSettingsStore store, IOptions<SettingsProvisioningOptions> options, ILogger<RoomSettingsSnapshot> logger)
    : BackgroundService, IHealthCheck
{
    public const string HealthCheckName = "room-settings";

    // The rules hold passcodes: the file is the owner's alone (0600), like the database it copies.
    private static FileStreamOptions OwnerOnly()
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    // One change of the rules held at a time: a whole load and a change made here, in the order they reach the
    // database, so a load read before a change never replaces the set that change was applied to.
    private readonly SemaphoreSlim changing = new(1, 1);
    private volatile RoomSettingsRuleSet current = RoomSettingsRuleSet.Empty;
    private volatile string? problem = "the room-settings rules have not been loaded yet";
    private string? lastWritten;

    public RoomSettingsRuleSet Current => current;

    /// <summary>Loads every rule from the database, holds them and keeps them on disk.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await changing.WaitAsync(cancellationToken);
        try
        {
            var rules = await store.LoadAllAsync(cancellationToken);
            current = new RoomSettingsRuleSet(rules);
            problem = null;
            await KeepOnDiskAsync(rules, cancellationToken);
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>
    /// Sets (or, with null <paramref name="settings"/>, deletes) one rule in the database and then in the rules held,
    /// so the next provisioning call answers it; returns the rule before (null: there was none).
    /// </summary>
    public async Task<SettingsProvisioningResponse?> ChangeAsync(
        string appId, string room, SettingsProvisioningResponse? settings, string changedBy, CancellationToken cancellationToken)
    {
        await changing.WaitAsync(cancellationToken);
        try
        {
            var before = await store.ChangeAsync(appId, room, settings, changedBy, cancellationToken);
            current = settings is null ? current.Without(appId, room) : current.With(new RoomSettingsRule(appId, room, settings));
            return before;
        }
        finally
        {
            changing.Release();
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // First load before the host answers, so a restart does not serve {} for a refresh interval.
        if (!await TryRefreshAsync(cancellationToken))
        {
            await LoadFromDiskAsync(cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(problem is { } now ? HealthCheckResult.Degraded(now) : HealthCheckResult.Healthy());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryRefreshAsync(stoppingToken);
        }
    }

    private async Task<bool> TryRefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Keep answering from the rules already held; the next tick tries again.
            problem ??= "the room-settings rules could not be reloaded from the database; serving the last loaded ones";
            LogRefreshFailed(logger, exception);
            return false;
        }
    }

    private async Task KeepOnDiskAsync(IReadOnlyList<RoomSettingsRule> rules, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(rules);
        if (json == lastWritten)
        {
            return;
        }

        var path = Path.GetFullPath(options.Value.SnapshotFile);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written aside and moved over: a crash mid-write never leaves half a file to serve.
            var temporary = path + ".tmp";
            File.Delete(temporary); // a leftover of a crash keeps its mode; a new file gets OwnerOnly
            await using (var file = new FileStream(temporary, OwnerOnly()))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(json), cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
            lastWritten = json;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogSnapshotNotWritten(logger, path, exception);
        }
    }

    private async Task LoadFromDiskAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.Value.SnapshotFile);
        try
        {
            var rules = JsonSerializer.Deserialize<List<RoomSettingsRule>>(await File.ReadAllTextAsync(path, cancellationToken)) ?? [];
            current = new RoomSettingsRuleSet(rules);
            problem = $"the database could not be read at start-up; serving the {rules.Count} rules kept in {path}";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            problem = "the database could not be read at start-up and no rules were kept on disk; answering {}";
            LogSnapshotNotRead(logger, path, exception);
        }

        LogServingFallback(logger, problem);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load the room-settings rules; answering from the rules loaded before")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not keep the room-settings rules in {Path}")]
    private static partial void LogSnapshotNotWritten(ILogger logger, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the room-settings rules kept in {Path}")]
    private static partial void LogSnapshotNotRead(ILogger logger, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settings provisioning: {Problem}")]
    private static partial void LogServingFallback(ILogger logger, string? problem);
}
