namespace JaasPipeline.Benchmark;

/// <summary>What every delivery of one meeting shares: tenant, room and session.</summary>
internal sealed record MeetingHeader(string CustomerId, string Room, string SessionId)
{
    public string AppId => "vpaas-magic-cookie-" + CustomerId;

    public string Fqn => $"{AppId}/{Room}";
}
