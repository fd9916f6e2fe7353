namespace JaasPipeline.Contracts;

/// <summary>A live stream started (LIVE_STREAM_STARTED).</summary>
public sealed record LiveStreamStarted : JaasEvent
{
    /// <summary>The full room (MUC) name.</summary>
    public string? Conference { get; init; }
}
