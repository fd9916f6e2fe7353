using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace JaasPipeline.ServiceDefaults;

/// <summary>Declares the query parameters an endpoint reads by hand in its OpenAPI operation.</summary>
public static class QueryParameterExtensions
{
    public static TBuilder WithQueryParameters<TBuilder>(this TBuilder endpoints, params QueryParameter[] parameters) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                if (operation.Parameters.Any(existing => existing.Name == parameter.Name && existing.In == ParameterLocation.Query))
                {
                    continue;
                }

                var schema = new OpenApiSchema { Type = parameter.Type, Format = parameter.Format };
                if (parameter.OneOf is { } values)
                {
                    schema.Enum = values.Select(value => (JsonNode)JsonValue.Create(value)).ToList();
                }

                if (parameter.Range is { } range)
                {
                    schema.Minimum = range.Minimum.ToString(CultureInfo.InvariantCulture);
                    schema.Maximum = range.Maximum.ToString(CultureInfo.InvariantCulture);
                    schema.Default = JsonValue.Create(range.Default);
                }

                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Description = parameter.Description,
                    Required = parameter.Required,
                    Schema = schema,
                });
            }

            return Task.CompletedTask;
        });
}
