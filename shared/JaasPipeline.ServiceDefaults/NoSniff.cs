using Microsoft.AspNetCore.Builder;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// <c>X-Content-Type-Options: nosniff</c> on every answer (docs/api.md §2): our JSON writes <c>&lt;</c> and <c>&gt;</c>
/// as they are, so no browser may guess an answer is HTML.
/// </summary>
public static class NoSniff
{
    public const string Header = "X-Content-Type-Options";

    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set as the answer starts: the exception handler clears the headers of a failed answer before writing its problem.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
