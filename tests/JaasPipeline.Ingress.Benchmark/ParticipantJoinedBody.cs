using System.Text;

namespace JaasPipeline.Ingress.Benchmark;

/// <summary>
/// A PARTICIPANT_JOINED body shaped like the JaaS reference example, with a fresh idempotency key and the current
/// time, so that every delivery is a new one for the ingress.
/// </summary>
internal static class ParticipantJoinedBody
{
    private const string AppId = "vpaas-magic-cookie-c2824d584eac4489a1e32e4e164d5a3c";

    /// <summary>The body of delivery <paramref name="sequence"/>; a few sessions share the load, as in a real tenant.</summary>
    public static byte[] Create(long sequence, DateTimeOffset now)
    {
        var participant = Guid.NewGuid().ToString();
        return Encoding.UTF8.GetBytes($$"""
            {
               "idempotencyKey":"{{Guid.NewGuid()}}",
               "customerId":"c2824d584eac4489a1e32e4e164d5a3c",
               "appId":"{{AppId}}",
               "eventType":"PARTICIPANT_JOINED",
               "sessionId":"{{SessionId(sequence)}}",
               "timestamp":{{now.ToUnixTimeMilliseconds()}},
               "fqn":"{{AppId}}/benchmark-room-{{sequence % 16}}",
               "data":{
                  "moderator":"false",
                  "name":"Benchmark Participant {{sequence}}",
                  "group":"{{AppId}}",
                  "email":"participant{{sequence}}@example.com",
                  "id":"benchmark-user-{{sequence}}",
                  "participantJid":"{{participant}}@stage.8x8.vc",
                  "participantId":"{{participant[..8]}}",
                  "avatar":"https://link.to/user/avatar/picture",
                  "isBreakout":false
               }
            }
            """);
    }

    // Sixteen rooms, each one session: deterministic, so a run's deliveries group the way a real meeting's do.
    private static string SessionId(long sequence) => $"00000000-0000-4000-8000-{sequence % 16:D12}";
}
