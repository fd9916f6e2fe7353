using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// What the OpenAPI document says of query parameters a handler takes as text and reads itself (so that bad input is a
/// validation problem naming the parameter, docs/api.md §6, not the framework's bare 400): required, and the type the
/// text must hold.
/// </summary>
public static class RequiredQueryParameter
{
    /// <summary>Marks <paramref name="name"/> required: the handler answers its absence with a 400 problem.</summary>
    public static RouteHandlerBuilder WithRequiredQuery(this RouteHandlerBuilder builder, string name) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in QueryParameters(operation, name))
            {
                parameter.Required = true;
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// Documents the list parameters of docs/api.md §3 and §5 that the operation has: <c>limit</c> an integer,
    /// <c>from</c>/<c>to</c> RFC 3339 times, <c>cursor</c> opaque.
    /// </summary>
    public static RouteHandlerBuilder WithListQuery(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in QueryParameters(operation, "limit"))
            {
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" };
                parameter.Description = $"Items per page, 1 to {ListQuery.MaxLimit} (default {ListQuery.DefaultLimit}).";
            }

            foreach (var parameter in QueryParameters(operation, "cursor"))
            {
                parameter.Description = "The next value of the previous page, as it was.";
            }

            foreach (var name in new[] { "from", "to" })
            {
                foreach (var parameter in QueryParameters(operation, name))
                {
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
                    parameter.Description = "An RFC 3339 time, any offset (e.g. 2026-11-23T10:00:00Z).";
                }
            }

            return Task.CompletedTask;
        });

    private static IEnumerable<OpenApiParameter> QueryParameters(OpenApiOperation operation, string name) =>
        (operation.Parameters ?? []).OfType<OpenApiParameter>()
            .Where(parameter => parameter.In == ParameterLocation.Query && string.Equals(parameter.Name, name, StringComparison.Ordinal));
}
