namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// Endpoint metadata: the endpoint needs an <c>X-Api-Key</c> (<see cref="ApiAccess.RequireApiKey{TBuilder}"/>), an
/// operator key if <see cref="Admin"/> (<see cref="ApiAccess.RequireAdminKey{TBuilder}"/>). The OpenAPI document puts
/// the <c>ApiKey</c> security scheme and the answers the key check can give on exactly these endpoints.
/// </summary>
public sealed record ApiKeyEndpoint(bool Admin)
{
    public static readonly ApiKeyEndpoint Read = new(Admin: false);

    public static readonly ApiKeyEndpoint Operator = new(Admin: true);
}
