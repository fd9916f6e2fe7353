namespace JaasPipeline.ServiceDefaults;

/// <summary>One check of <see cref="ReadinessReport"/>: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>, and why.</summary>
public sealed record ReadinessCheck(string Status, string? Description);
