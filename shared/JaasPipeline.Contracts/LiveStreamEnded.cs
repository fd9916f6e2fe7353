namespace JaasPipeline.Contracts;

/// <summary>A live stream ended (LIVE_STREAM_ENDED).</summary>
public sealed record LiveStreamEnded : JaasEvent
{
    /// <summary>The full room (MUC) name.</summary>
    public string? Conference { get; init; }
}
