namespace JaasPipeline.Traffic;

/// <summary>Someone in a simulated meeting, with the identifiers JaaS puts in participant events.</summary>
public sealed record MeetingParticipant(string ParticipantId, string Jid, string Name, string Email, string UserId)
{
    public static MeetingParticipant Create(Random random, int number)
    {
        var jidUser = Guid.NewGuid().ToString();
        return new MeetingParticipant(
            jidUser[..8], $"{jidUser}@8x8.vc", $"Participant {number}", $"participant{number}.{jidUser[..4]}@example.com",
            $"google-oauth2|{random.NextInt64(100_000_000_000, 999_999_999_999)}");
    }

    /// <summary>The full JID with a client resource, as REACTIONS and SPEAKER_STATS name a participant.</summary>
    public string ResourceJid => $"{Jid}/{ParticipantId[..4]}";
}
