using JaasPipeline.Operations;

namespace JaasPipeline.Benchmark;

/// <summary>What the settings-provisioning benchmark needs: where, how to authenticate, what load.</summary>
internal sealed record SettingsBenchmarkSettings(
    Uri BaseUrl,
    string? Secret,
    ServiceKeys Keys,
    int Connections,
    double Rate,
    TimeSpan Duration,
    int Warmup,
    int Seed)
{
    /// <summary>One line naming the option that is out of range, or null.</summary>
    public string? Problem() =>
        Connections < 1 ? "Refused: --connections must be at least 1."
        : Rate is not (> 0 and <= 1_000_000) ? "Refused: --rate must be between 1 and 1000000 calls/s."
        : Duration <= TimeSpan.Zero || Duration > TimeSpan.FromHours(1) ? "Refused: --duration must be between 1 and 3600 seconds."
        : Warmup < 0 ? "Refused: --warmup must not be negative."
        : Keys.For(ServiceKeys.Ingress) is null ? $"Refused: {ServiceKeys.Missing(ServiceKeys.Ingress)}, to seed the room rules through its admin API."
        : Secret is { Length: 0 } ? "Refused: --secret is empty; leave it out to send unsigned calls."
        : null;
}
