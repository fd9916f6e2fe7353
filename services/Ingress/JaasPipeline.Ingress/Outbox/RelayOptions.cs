using System.ComponentModel;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>Settings of the outbox relay (section <c>Ingress:Relay</c>).</summary>
public sealed class RelayOptions
{
    /// <summary>Rows claimed per round.</summary>
    [Description("Rows the relay claims per round (1 to 10000).")]
    public int BatchSize { get; set; } = 200;

    /// <summary>How often the relay looks for rows written by another instance.</summary>
    [Description("How often the relay looks for rows another instance committed (this instance's own commits wake it at once).")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A publish that the broker has not confirmed within this time counts as failed.</summary>
    [Description("A publish the broker has not confirmed by then has failed.")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claim keeps other relays off a row; must exceed <see cref="PublishTimeout"/>.</summary>
    [Description("How long a claim keeps other relays off a row; more than twice Ingress:Relay:PublishTimeout.")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait between attempts while the broker or database is down.</summary>
    [Description("Longest wait between attempts while the broker or database is down.")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
