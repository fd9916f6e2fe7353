using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress;

/// <summary>
/// The rules in memory: a provisioning answer reads <see cref="Current"/> and never waits on the database. Loaded at
/// start-up, after every change made through this instance, and every <c>SettingsProvisioning:RefreshInterval</c>.
/// </summary>
public sealed partial class RoomSettingsSnapshot(
    RoomSettingsStore store, IOptions<SettingsProvisioningOptions> options, ILogger<RoomSettingsSnapshot> logger) : BackgroundService
{
    private volatile RoomSettingsRuleSet current = RoomSettingsRuleSet.Empty;

    public RoomSettingsRuleSet Current => current;

    /// <summary>When the rules were last loaded; null while none could be.</summary>
    public DateTimeOffset? LoadedAt { get; private set; }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        current = new RoomSettingsRuleSet(await store.LoadAllAsync(cancellationToken));
        LoadedAt = DateTimeOffset.UtcNow;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // First load before the host answers, so a restart does not serve {} for a refresh interval.
        await TryRefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryRefreshAsync(stoppingToken);
        }
    }

    private async Task TryRefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Keep answering from the rules already held; the next tick tries again.
            LogRefreshFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load the room-settings rules; answering from the rules loaded before")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
