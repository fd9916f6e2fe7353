using JaasPipeline.Operations;

namespace JaasPipeline.Simulator;

/// <summary>What one simulation sends, how, and where to check the result.</summary>
internal sealed record SimulationSettings(
    IReadOnlyList<Uri> Ingresses,
    string? Secret,
    int Meetings,
    int? Participants,
    int Concurrency,
    double Duplicates,
    bool Shuffle,
    bool Retry,
    int Seed,
    bool Verify,
    ServiceKeys Keys,
    Uri AttendanceUrl,
    Uri TranscriptionUrl,
    Uri AnalyticsUrl,
    TimeSpan VerifyTimeout,
    double? Rate = null,
    bool ServeFiles = false,
    Uri? MediaUrl = null)
{
    /// <summary>One line naming the option that is out of range, or null.</summary>
    public string? Problem() =>
        Meetings is < 1 or > 100_000 ? "Refused: --meetings must be between 1 and 100000."
        : Participants is < 2 or > 500 ? "Refused: --participants must be between 2 and 500."
        : Concurrency < 1 ? "Refused: --concurrency must be at least 1."
        : Duplicates is < 0 or > 1 ? "Refused: --duplicates is a fraction between 0 and 1."
        : VerifyTimeout <= TimeSpan.Zero || VerifyTimeout > TimeSpan.FromHours(1) ? "Refused: --verify-timeout must be between 1 and 3600 seconds."
        : Rate is <= 0 or > 1_000_000 ? "Refused: --rate must be between 1 and 1000000 requests per second."
        : Ingresses.Count == 0 ? "Refused: give at least one --url."
        : Secret is { Length: 0 } ? "Refused: --secret is empty; leave it out to send unsigned deliveries."
        : null;
}
