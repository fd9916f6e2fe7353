using System.Net.Http.Headers;
using System.Text;
using JaasPipeline.Ingress.Webhooks;

namespace JaasPipeline.Testing;

/// <summary>Posts deliveries to a webhook signed as JaaS signs them (X-Jaas-Signature over <c>t.body</c>, t = now).</summary>
public static class SignedDelivery
{
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string secret, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookApi.Route) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), bytes));
        return client.SendAsync(request);
    }

    /// <summary>Posts and insists on a 200, showing the answer otherwise.</summary>
    public static async Task DeliverAsync(HttpClient client, string secret, string body)
    {
        using var response = await PostAsync(client, secret, body);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }
}
