using System.Net.Http.Headers;
using System.Text;
using JaasPipeline.Ingress.Webhooks;

namespace JaasPipeline.Ingress.Tests;

/// <summary>Builds JaaS deliveries for the tests and posts them as JaaS would.</summary>
public static class Deliveries
{
    public const string Secret = "whsec_test0123456789abcdef0123456789ab";

    public static string ParticipantJoined(string idempotencyKey, string sessionId = "session-1") =>
        $$$"""
        {"idempotencyKey":"{{{idempotencyKey}}}","customerId":"c1","appId":"vpaas-magic-cookie-c1","eventType":"PARTICIPANT_JOINED","sessionId":"{{{sessionId}}}","timestamp":1600951818143,"fqn":"vpaas-magic-cookie-c1/room","data":{"moderator":"true","name":"John Doe","participantId":"p1","participantJid":"p1@8x8.vc"}}
        """;

    public static string OfType(string eventType, string idempotencyKey, string data = "{}") =>
        $$$"""
        {"idempotencyKey":"{{{idempotencyKey}}}","customerId":"c1","eventType":"{{{eventType}}}","sessionId":"session-1","timestamp":1600951818143,"fqn":"vpaas-magic-cookie-c1/room","data":{{{data}}}}
        """;

    /// <summary>Posts <paramref name="body"/> signed with <paramref name="secret"/> at <paramref name="signedAt"/> (default now).</summary>
    public static Task<HttpResponseMessage> PostSignedAsync(
        this HttpClient client, string body, string secret = Secret, DateTimeOffset? signedAt = null, string? authorization = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = JaasSignature.Sign(secret, (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(), bytes);
        return client.PostRawAsync(bytes, signature, authorization);
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, byte[] body, string? signature, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookApi.Route) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(JaasSignature.HeaderName, signature);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return client.SendAsync(request);
    }
}
