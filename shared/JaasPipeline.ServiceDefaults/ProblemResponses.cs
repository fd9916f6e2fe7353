using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JaasPipeline.ServiceDefaults;

/// <summary>Documents an error answer of an operation as a problem (RFC 9457, <c>application/problem+json</c>; docs/api.md §6).</summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    /// <summary>
    /// Adds the <paramref name="status"/> answer (a <see cref="ProblemDetails"/>) to <paramref name="operation"/> unless the
    /// endpoint already documents it; an existing answer without content gets the problem content.
    /// </summary>
    public static async Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(code, out var existing) && existing.Content is { Count: > 0 })
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(nameof(ProblemDetails)) != true)
        {
            document.AddComponent<IOpenApiSchema>(nameof(ProblemDetails), schema);
        }

        operation.Responses[code] = new OpenApiResponse
        {
            Description = existing?.Description is { Length: > 0 } known ? known : description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ContentType] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) },
            },
        };
    }
}
