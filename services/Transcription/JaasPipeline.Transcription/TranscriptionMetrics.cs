using System.Diagnostics.Metrics;

namespace JaasPipeline.Transcription;

/// <summary>Counters of the transcription service (meter <c>JaasPipeline.Transcription</c>).</summary>
public sealed class TranscriptionMetrics
{
    public const string MeterName = "JaasPipeline.Transcription";

    public TranscriptionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Segments = meter.CreateCounter<long>("jaas_transcription_segments", description: "Transcription phrases stored");
        ResentSegments = meter.CreateCounter<long>("jaas_transcription_resent_segments", description: "Transcription phrases re-sent under a new idempotency key and not stored again");
    }

    /// <summary>Phrases stored (the first delivery of each messageID of a meeting).</summary>
    public Counter<long> Segments { get; }

    /// <summary>Phrases whose messageID the meeting already had: the same phrase re-sent under a new idempotency key.</summary>
    public Counter<long> ResentSegments { get; }
}
