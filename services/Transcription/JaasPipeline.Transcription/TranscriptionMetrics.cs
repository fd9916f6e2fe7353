using System.Diagnostics.Metrics;

namespace JaasPipeline.Transcription;

/// <summary>Counters of the transcription service (meter <c>JaasPipeline.Transcription</c>).</summary>
public static class TranscriptionMetrics
{
    public const string MeterName = "JaasPipeline.Transcription";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Phrases stored (the first delivery of each messageID of a meeting).</summary>
    public static readonly Counter<long> Segments =
        Meter.CreateCounter<long>("jaas_transcription_segments", description: "Transcription phrases stored");

    /// <summary>Phrases whose messageID the meeting already had: the same phrase re-sent under a new idempotency key.</summary>
    public static readonly Counter<long> ResentSegments =
        Meter.CreateCounter<long>("jaas_transcription_resent_segments", description: "Transcription phrases re-sent under a new idempotency key and not stored again");
}
