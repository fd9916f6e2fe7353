using System.Net;
using System.Text;

namespace JaasPipeline.Operations.Tests;

/// <summary>
/// jaas-ops's HTTP seam in a test: every request goes to the real services over loopback, except those
/// <c>answer</c> picks (by method, path and body), which get its answer instead — a service that fails at one step.
/// Records every request it saw.
/// </summary>
public sealed class ScriptedAnswers(Func<HttpRequestMessage, string, HttpResponseMessage?> answer) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<string> requests = [];

    /// <summary>Every request seen, as "METHOD path?query".</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>A problem details answer, as the services write them.</summary>
    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string detail) =>
        new(status)
        {
            Content = new StringContent(
                $$"""{"status":{{(int)status}},"title":"{{title}}","detail":"{{detail}}"}""", Encoding.UTF8, "application/problem+json"),
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (requests)
        {
            requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
        }

        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        return answer(request, body) ?? await base.SendAsync(request, cancellationToken);
    }
}
