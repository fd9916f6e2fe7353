using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// Marks a query parameter required in the OpenAPI document. The handler takes it as optional and answers its absence with
/// a validation problem naming it (docs/api.md §6); bound as required, its absence would be the framework's bare 400.
/// </summary>
public static class RequiredQueryParameter
{
    public static RouteHandlerBuilder WithRequiredQuery(this RouteHandlerBuilder builder, string name) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.In == ParameterLocation.Query && string.Equals(parameter.Name, name, StringComparison.Ordinal))
                {
                    parameter.Required = true;
                }
            }

            return Task.CompletedTask;
        });
}
