namespace JaasPipeline.Contracts;

/// <summary>How long one participant spoke (SPEAKER_STATS).</summary>
public sealed record SpeakerStat
{
    /// <summary>The full JID the entry was keyed by.</summary>
    public string Jid { get; init; } = "";

    public string? Name { get; init; }

    /// <summary>In the example, not in the field list.</summary>
    public string? Email { get; init; }

    /// <summary>Avatar URL.</summary>
    public string? Avatar { get; init; }

    /// <summary>The <c>userId</c> from the JWT (sent as <c>id</c>).</summary>
    public string? UserId { get; init; }

    /// <summary>Total speaking time in milliseconds.</summary>
    public long? Time { get; init; }
}
