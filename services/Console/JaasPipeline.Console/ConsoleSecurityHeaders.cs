using Microsoft.AspNetCore.Http;

namespace JaasPipeline.Console;

/// <summary>
/// The headers of every console response: a Content-Security-Policy that allows nothing but this origin's own files
/// (no inline script or style, no frames, forms post here only), and no referrer leaving the console.
/// </summary>
public static class ConsoleSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    public static void Add(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
