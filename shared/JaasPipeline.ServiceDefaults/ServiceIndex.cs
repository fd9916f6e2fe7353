using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.ServiceDefaults;

/// <summary><c>GET /</c>: the service's name, links to its documents, and every endpoint it serves.</summary>
public static class ServiceIndex
{
    /// <summary>One HTTP endpoint: its method and its route as OpenAPI writes it (<c>/api/attendance/{sessionId}</c>).</summary>
    public sealed record Endpoint(string Method, string Route);

    /// <summary>The answer of <c>GET /</c>.</summary>
    public sealed record Index(string Service, IReadOnlyDictionary<string, string> Links, IReadOnlyList<Endpoint> Endpoints);

    public static Index Describe(ServiceIdentity identity, IServiceProvider services, IHostEnvironment environment)
    {
        var links = new Dictionary<string, string>
        {
            ["openapi"] = ServiceDefaultsExtensions.OpenApiRoute,
            ["ready"] = "/health/ready",
            ["live"] = "/health/live",
            ["metrics"] = "/metrics",
        };
        if (environment.IsDevelopment())
        {
            links["reference"] = "/scalar";
        }

        return new Index(identity.Name, links, Endpoints(services));
    }

    /// <summary>Every endpoint the host maps, except those excluded from its description (the OpenAPI document, its UI).</summary>
    public static IReadOnlyList<Endpoint> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Select(method => new Endpoint(method, Route(endpoint.RoutePattern))))
            .Distinct()
            .OrderBy(endpoint => endpoint.Route, StringComparer.Ordinal).ThenBy(endpoint => endpoint.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>A route as an OpenAPI path: parameters without constraints or defaults, no trailing slash.</summary>
    public static string Route(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}
