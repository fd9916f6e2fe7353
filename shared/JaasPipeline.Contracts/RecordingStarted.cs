namespace JaasPipeline.Contracts;

/// <summary>Recording started (RECORDING_STARTED).</summary>
public sealed record RecordingStarted : JaasEvent
{
    /// <summary>The full room (MUC) name.</summary>
    public string? Conference { get; init; }
}
