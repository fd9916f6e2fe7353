using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JaasPipeline.Benchmark;

/// <summary>The calls of the RabbitMQ management API the broker's own cost needs: a virtual host's topology, and a virtual host of its own.</summary>
internal sealed class BrokerManagement(HttpClient client, Uri management, string username, string password)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<BrokerTopology> ReadTopologyAsync(string virtualHost, CancellationToken cancellationToken)
    {
        var vhost = Uri.EscapeDataString(virtualHost);
        return new BrokerTopology(
            await GetAsync<DeclaredExchange>($"api/exchanges/{vhost}", cancellationToken),
            await GetAsync<DeclaredQueue>($"api/queues/{vhost}?disable_stats=true", cancellationToken),
            await GetAsync<DeclaredBinding>($"api/bindings/{vhost}", cancellationToken));
    }

    /// <summary>Creates an empty virtual host and gives this user every permission on it.</summary>
    public async Task CreateVirtualHostAsync(string name, CancellationToken cancellationToken)
    {
        var vhost = Uri.EscapeDataString(name);
        await SendAsync(HttpMethod.Put, $"api/vhosts/{vhost}", null, cancellationToken);
        await SendAsync(
            HttpMethod.Put, $"api/permissions/{vhost}/{Uri.EscapeDataString(username)}", new { configure = ".*", write = ".*", read = ".*" }, cancellationToken);
    }

    /// <summary>Deletes a virtual host with everything in it.</summary>
    public Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/vhosts/{Uri.EscapeDataString(name)}", null, cancellationToken);

    private async Task<List<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<T>>(Json, cancellationToken) ?? [];
    }

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body);
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(management, path))
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        return request;
    }
}
