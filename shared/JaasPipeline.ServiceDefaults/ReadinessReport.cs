namespace JaasPipeline.ServiceDefaults;

/// <summary>The answer of <c>/health/ready</c>: the overall status and each check by name (200 when healthy, 503 otherwise).</summary>
public sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, ReadinessCheck> Checks);
