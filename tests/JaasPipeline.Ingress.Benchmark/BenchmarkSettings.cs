namespace JaasPipeline.Ingress.Benchmark;

/// <summary>What one benchmark run sends, and where.</summary>
internal sealed record BenchmarkSettings(BenchmarkTarget Target, string? Secret, int Deliveries, int Concurrency, int Warmup)
{
    /// <summary>One line naming the option that is out of range, or null.</summary>
    public string? Problem() =>
        Deliveries < 1 ? "Refused: --deliveries must be at least 1."
        : Concurrency < 1 ? "Refused: --concurrency must be at least 1."
        : Warmup < 0 ? "Refused: --warmup must not be negative."
        : Secret is { Length: 0 } ? "Refused: --secret is empty; leave it out to send unsigned deliveries."
        : null;
}
