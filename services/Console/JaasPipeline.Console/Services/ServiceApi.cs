using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JaasPipeline.Console.Services;

/// <summary>
/// One service's HTTP API as the console calls it: the base URL and key of <c>Console:Services:&lt;service&gt;</c>,
/// the key in <c>X-Api-Key</c> (it never leaves the server), every answer read into an <see cref="ApiAnswer"/>.
/// </summary>
public sealed class ServiceApi(HttpClient http, PipelineService service, Uri baseUrl, string? key)
{
    public PipelineService Service => service;

    public Uri BaseUrl => baseUrl;

    public Task<ApiAnswer> GetAsync(string pathAndQuery, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Get, pathAndQuery, body: null, cancellation);

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string pathAndQuery, JsonNode? body, CancellationToken cancellation)
    {
        using var request = Request(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await http.SendAsync(request, cancellation);
            var text = await response.Content.ReadAsStringAsync(cancellation);
            var json = IsJson(response) && text.Length > 0 ? JsonNode.Parse(text) : null;
            return response.IsSuccessStatusCode
                ? new ApiAnswer((int)response.StatusCode, json, null)
                : new ApiAnswer((int)response.StatusCode, json, ProblemText((int)response.StatusCode, json));
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or JsonException)
        {
            // Shown on the page: the service, what failed, never the key (it is in a header, not in the message).
            return new ApiAnswer(0, null, $"{service} did not answer at {baseUrl}: {failure.Message}");
        }
    }

    /// <summary>
    /// The body as text (the Prometheus scrape of <c>/metrics</c>, a transcript's text rendering), or null when the
    /// service did not answer 200. With the key: a read API behind keys answers 401 without it.
    /// </summary>
    public async Task<string?> GetTextAsync(string path, CancellationToken cancellation)
    {
        try
        {
            using var request = Request(HttpMethod.Get, path);
            using var response = await http.SendAsync(request, cancellation);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellation) : null;
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// The answer to a GET, its body not yet read (a stored recording can be gigabytes): the caller streams and disposes
    /// it. The client's timeout covers the wait for the headers only. Null when the service could not be reached.
    /// </summary>
    public async Task<HttpResponseMessage?> OpenAsync(string path, CancellationToken cancellation)
    {
        using var request = Request(HttpMethod.Get, path);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, pathAndQuery));
        if (!string.IsNullOrEmpty(key))
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && (type.EndsWith("/json", StringComparison.Ordinal) || type.EndsWith("+json", StringComparison.Ordinal));

    // docs/api.md §6: title, detail, and the problem per parameter or field.
    private static string ProblemText(int status, JsonNode? problem)
    {
        var parts = new List<string> { $"{status} {(string?)problem?["title"] ?? "error"}" };
        if ((string?)problem?["detail"] is { Length: > 0 } detail)
        {
            parts.Add(detail);
        }

        if (problem?["errors"] is JsonObject errors)
        {
            parts.AddRange(errors.Select(error => $"{error.Key}: {string.Join(" ", (error.Value as JsonArray)?.Select(message => (string?)message) ?? [])}"));
        }

        return string.Join(" — ", parts);
    }
}
