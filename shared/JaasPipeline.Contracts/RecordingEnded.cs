namespace JaasPipeline.Contracts;

/// <summary>Recording ended (RECORDING_ENDED).</summary>
public sealed record RecordingEnded : JaasEvent
{
    /// <summary>The full room (MUC) name.</summary>
    public string? Conference { get; init; }
}
