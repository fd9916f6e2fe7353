namespace JaasPipeline.Contracts;

/// <summary>Monthly-active-user usage after participants joined (USAGE).</summary>
public sealed record UsageReported : JaasEvent
{
    /// <summary>The joining users: the first two on the second join, then only the one who joined.</summary>
    public IReadOnlyList<UsageEntry> Entries { get; init; } = [];
}
