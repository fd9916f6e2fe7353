using JaasPipeline.Console.Access;
using JaasPipeline.Console.Overview;
using JaasPipeline.Console.Services;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Console;

/// <summary>
/// Wires the operations console into a host: Razor Pages at <c>/console</c>, sign-in with a key of the deployment
/// into a cookie, and a client for each service's HTTP API (docs/console.md).
/// </summary>
public static class ConsoleExtensions
{
    /// <summary>The console host's name: its banner, its metrics' service_name.</summary>
    public const string ServiceName = "console";

    public static IHostApplicationBuilder AddPipelineConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddApiAccess(builder.Configuration);
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        builder.Services.AddOptions<ConsoleOptions>().Bind(builder.Configuration.GetSection(ConsoleOptions.Section)).ValidateOnStart();
        builder.Services.AddHttpClient(PipelineApis.ClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddScoped<PipelineApis>();
        builder.Services.AddSingleton<ConsoleKeyCheck>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<IntakeRates>();
        builder.Services.AddHostedService<IntakeSampler>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (builder.Configuration[$"{ConsoleOptions.Section}:{nameof(ConsoleOptions.DataProtectionKeysFolder)}"] is { Length: > 0 } keysFolder)
        {
            // Every instance with the same folder and application name reads the others' cookies and tokens.
            builder.Services.AddDataProtection()
                .PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(keysFolder, builder.Environment.ContentRootPath)))
                .SetApplicationName("JaasPipeline.Console");
        }

        builder.Services.AddAuthentication(ConsolePolicies.Scheme).AddCookie(ConsolePolicies.Scheme, cookie =>
        {
            cookie.Cookie.Name = "jaas-console";
            cookie.Cookie.Path = "/console";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request came over https (behind a proxy that ends TLS: see docs/console.md).
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/console/signin";
            cookie.AccessDeniedPath = "/console/denied";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        builder.Services.AddSingleton<IAuthorizationHandler, ConsoleReadRequirement>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ConsolePolicies.Read, policy => policy.AddRequirements(new ConsoleReadRequirement()))
            .AddPolicy(ConsolePolicies.Admin, policy => policy.RequireRole(ConsoleRoles.Admin));

        builder.Services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/", ConsolePolicies.Read);
            pages.Conventions.AllowAnonymousToPage("/SignIn");
            pages.Conventions.AllowAnonymousToPage("/Denied");
            // Pages for people, not an API: kept out of the host's OpenAPI document (docs/api.md covers the APIs).
            pages.Conventions.AddFolderApplicationModelConvention("/", page => page.EndpointMetadata.Add(new Microsoft.AspNetCore.Routing.ExcludeFromDescriptionAttribute()));
        }).ConfigureApplicationPartManager(parts =>
        {
            // The host's entry assembly may not list this module among its parts (the Standalone names no page itself).
            var module = typeof(ConsoleExtensions).Assembly;
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == module))
            {
                parts.ApplicationParts.Add(new AssemblyPart(module));
            }
        });
        return builder;
    }

    public static WebApplication MapPipelineConsole(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/console"), console => console.Use((http, next) =>
        {
            ConsoleSecurityHeaders.Add(http.Response);
            return next(http);
        }));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet(ConsoleStyleSheet.Route, () => Results.Bytes(ConsoleStyleSheet.Content, "text/css; charset=utf-8"))
            .ExcludeFromDescription();
        app.MapGet("/console/meetings/{sessionId}/transcript.txt", ExportTranscriptAsync)
            .RequireAuthorization(ConsolePolicies.Read)
            .ExcludeFromDescription();
        app.MapGet("/console/meetings/{sessionId}/artifacts/{artifactId}/content", DownloadArtifactAsync)
            .RequireAuthorization(ConsolePolicies.Read)
            .ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }

    // A stored file, streamed from the media-artifacts API through the console (the browser never holds a service key).
    // No Range here: a person downloads the whole file; a player that seeks uses the media-artifacts API itself.
    private static async Task<IResult> DownloadArtifactAsync(string sessionId, string artifactId, PipelineApis apis, HttpContext http, CancellationToken cancellation)
    {
        var response = await apis.For(PipelineService.MediaArtifacts).OpenAsync(
            $"/api/artifacts/{Uri.EscapeDataString(sessionId)}/{Uri.EscapeDataString(artifactId)}/content", cancellation);
        if (response is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Media-artifacts did not answer",
                detail: "The console could not reach the media-artifacts service.");
        }

        http.Response.RegisterForDispose(response);
        if (!response.IsSuccessStatusCode)
        {
            // Its problem (Unknown artifact, Not stored) as it said it, with its status.
            return Results.Content(await response.Content.ReadAsStringAsync(cancellation),
                response.Content.Headers.ContentType?.ToString() ?? "application/problem+json", statusCode: (int)response.StatusCode);
        }

        var fileName = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? artifactId;
        return Results.Stream(await response.Content.ReadAsStreamAsync(cancellation),
            response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream", fileName);
    }

    // The transcription service's text rendering, passed through: the browser never calls a service itself.
    private static async Task<IResult> ExportTranscriptAsync(string sessionId, PipelineApis apis, CancellationToken cancellation)
    {
        var text = await apis.For(PipelineService.Transcription).GetTextAsync($"/api/transcripts/{Uri.EscapeDataString(sessionId)}?format=text", cancellation);
        return text is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No transcript", detail: "The transcription service gave no transcript of this meeting: it has none, or it did not answer.")
            : Results.Text(text, "text/plain; charset=utf-8");
    }
}
