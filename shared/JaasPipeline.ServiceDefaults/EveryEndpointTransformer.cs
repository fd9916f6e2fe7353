using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// Puts every endpoint the host maps into its OpenAPI document. The generator describes only endpoints built from a
/// handler method; health checks and the Prometheus scrape endpoint are plain request delegates and would be missing.
/// </summary>
internal sealed class EveryEndpointTransformer : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        var described = document.Paths
            .SelectMany(path => (path.Value.Operations ?? []).Keys.Select(method => (Route: Normalize(path.Key), Method: method.Method.ToUpperInvariant())))
            .ToHashSet();
        foreach (var endpoint in context.ApplicationServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            {
                continue;
            }

            var route = ServiceIndex.Route(endpoint.RoutePattern);
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
            {
                if (!described.Add((Normalize(route), method.ToUpperInvariant())))
                {
                    continue;
                }

                if (!document.Paths.TryGetValue(route, out var item))
                {
                    item = new OpenApiPathItem();
                    document.Paths[route] = item;
                }

                ((OpenApiPathItem)item).AddOperation(new HttpMethod(method), new OpenApiOperation
                {
                    Summary = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? endpoint.DisplayName,
                    Description = endpoint.Metadata.GetMetadata<IEndpointDescriptionMetadata>()?.Description,
                    Tags = endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(tags => tags.Tags)
                        .Select(tag => (OpenApiTagReference)new OpenApiTagReference(tag, document)).ToHashSet(),
                    Responses = await ResponsesAsync(endpoint, context, cancellationToken),
                });
                foreach (var tag in endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(tags => tags.Tags))
                {
                    document.Tags ??= new HashSet<OpenApiTag>();
                    if (!document.Tags.Any(known => known.Name == tag))
                    {
                        document.Tags.Add(new OpenApiTag { Name = tag });
                    }
                }
            }
        }
    }

    /// <summary>The answers the endpoint declares (<c>Produces</c>), or a bare 200.</summary>
    private static async Task<OpenApiResponses> ResponsesAsync(RouteEndpoint endpoint, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var responses = new OpenApiResponses();
        foreach (var produced in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            var response = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(produced.StatusCode), Content = new Dictionary<string, OpenApiMediaType>() };
            foreach (var contentType in produced.ContentTypes)
            {
                response.Content[contentType] = new OpenApiMediaType
                {
                    Schema = produced.Type is { } type && type != typeof(void) ? await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken) : null,
                };
            }

            responses[produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }

        if (responses.Count == 0)
        {
            responses["200"] = new OpenApiResponse { Description = "OK" };
        }

        return responses;
    }

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
