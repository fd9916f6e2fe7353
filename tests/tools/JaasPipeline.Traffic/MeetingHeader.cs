namespace JaasPipeline.Traffic;

/// <summary>What every delivery of one meeting shares: tenant, room and session.</summary>
public sealed record MeetingHeader(string CustomerId, string Room, string SessionId)
{
    public string AppId => "vpaas-magic-cookie-" + CustomerId;

    public string Fqn => $"{AppId}/{Room}";
}
