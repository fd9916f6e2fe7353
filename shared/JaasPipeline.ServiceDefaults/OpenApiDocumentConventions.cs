using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// What a client generator wants of every document: a title and description naming the service, a server URL without
/// a trailing slash, and an <c>operationId</c> on every operation (from the endpoint's name, else its method and route).
/// </summary>
internal sealed class OpenApiDocumentConventions : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var service = context.ApplicationServices.GetRequiredService<ServiceIdentity>().Name;
        document.Info ??= new OpenApiInfo();
        document.Info.Title = $"JaasPipeline {service}";
        document.Info.Description = $"The HTTP API of the JaasPipeline {service} host. Conventions (keys, times, lists, errors): docs/api.md.";
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url is { Length: > 1 } url ? url.TrimEnd('/') : server.Url;
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document.Paths ?? [])
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var id = operation.OperationId ?? OperationId(method.Method, path);
                for (var n = 2; !taken.Add(id); n++)
                {
                    id = OperationId(method.Method, path) + n.ToString(CultureInfo.InvariantCulture);
                }

                operation.OperationId = id;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary><c>GET /api/attendance/{sessionId}.csv</c> → <c>getApiAttendanceBySessionIdCsv</c>.</summary>
    private static string OperationId(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var word in path.Split(['/', '.', '-', '_'], StringSplitOptions.RemoveEmptyEntries))
        {
            var parameter = word.StartsWith('{');
            var name = word.Trim('{', '}', '*');
            if (name.Length == 0)
            {
                continue;
            }

            id.Append(parameter ? "By" : "").Append(char.ToUpperInvariant(name[0])).Append(name.AsSpan(1));
        }

        return id.Length == method.Length ? id.Append("Root").ToString() : id.ToString();
    }
}
