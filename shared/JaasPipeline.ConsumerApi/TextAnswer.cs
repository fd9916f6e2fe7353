using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JaasPipeline.ConsumerApi;

/// <summary>
/// What the OpenAPI document says of a 200 answer that is text or a file rather than JSON: its content type with a
/// string schema (binary for a file). <c>Produces(200, contentType)</c> alone documents no schema, and a second
/// <c>Produces</c> of the same status replaces the first, so an endpoint with a JSON and a text form loses one.
/// </summary>
public static class TextAnswer
{
    /// <summary>The endpoint's 200 can also be text of <paramref name="contentType"/> (CSV, WebVTT, plain text).</summary>
    public static RouteHandlerBuilder ProducesText(this RouteHandlerBuilder builder, string contentType) =>
        Add(builder, contentType, format: null);

    /// <summary>The endpoint's 200 is a file's bytes, as <paramref name="contentType"/>.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType) =>
        Add(builder, contentType, format: "binary");

    private static RouteHandlerBuilder Add(RouteHandlerBuilder builder, string contentType, string? format) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            if (!operation.Responses.TryGetValue("200", out var answer) || answer is not OpenApiResponse ok)
            {
                ok = new OpenApiResponse { Description = "OK" };
                operation.Responses["200"] = ok;
            }

            ok.Content ??= new Dictionary<string, OpenApiMediaType>();
            ok.Content[contentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = format } };
            return Task.CompletedTask;
        });
}
