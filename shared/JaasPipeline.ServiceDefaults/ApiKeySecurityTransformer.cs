using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// The <c>ApiKey</c> security scheme (<c>X-Api-Key</c> header), required by exactly the operations whose endpoint carries
/// <see cref="ApiKeyEndpoint"/>, with the problems the key check answers: 401 (no or wrong key) and 403 (a key that may
/// not do this, or a read API closed to non-loopback callers); an admin API also 404 while no operator key is set.
/// </summary>
internal sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.AddComponent<IOpenApiSecurityScheme>(SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiOptions.KeyHeader,
            Description = "A key from Api:Keys or Api:NamedKeys (operator), or Api:ReadKeys (read APIs of one host). See docs/api.md §1.",
        });
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var keys = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyEndpoint>().ToList();
        if (keys.Count == 0)
        {
            return;
        }

        var admin = keys.Exists(key => key.Admin);

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status401Unauthorized, "No key, or a key that is not configured", cancellationToken);
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status403Forbidden,
            admin ? "A read key: this API needs an operator key" : "A key that may not read this host, or (without keys) a caller beyond loopback",
            cancellationToken);
        if (admin)
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status404NotFound, "No operator key is configured: this admin API is off (or the resource is unknown)", cancellationToken);
        }
    }
}
