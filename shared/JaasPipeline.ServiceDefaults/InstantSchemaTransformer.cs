using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// Instants are written by <see cref="ApiJson"/>'s own converter, so the schema generator, which cannot see through a
/// converter, gives them a format and no type: they are strings (<c>date-time</c>, nullable when the property is).
/// </summary>
internal sealed class InstantSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime))
        {
            schema.Type = underlying == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }

        return Task.CompletedTask;
    }
}
