using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using JaasPipeline.Contracts;
using JaasPipeline.Ingress.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary><c>POST /settings-provisioning</c>: JaaS asks, before every meeting, how to start it (SETTINGS_PROVISIONING).</summary>
public static partial class SettingsProvisioningApi
{
    public const string Route = "/settings-provisioning";

    /// <summary>The request is one short fqn; anything much larger is not JaaS.</summary>
    private const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapSettingsProvisioningApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, ProvideAsync)
            .WithTags("Settings provisioning")
            .WithSummary("JaaS asks how to start a meeting ({\"fqn\": \"<AppID>/<room>\"}); answers the settings of the best-matching rule")
            .Produces<SettingsProvisioningResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    /// <summary>True when a webhook secret or a required Authorization header is configured, so calls can be authenticated.</summary>
    public static bool CanAuthenticate(IngressOptions ingress) =>
        ingress.WebhookSecrets.Count > 0 || ingress.RequiredAuthorization is { Length: > 0 };

    private static async Task<IResult> ProvideAsync(
        HttpContext http,
        RoomSettingsSnapshot snapshot,
        IngressMetrics metrics,
        IOptions<IngressOptions> ingressOptions,
        IOptions<SettingsProvisioningOptions> provisioningOptions,
        ILoggerFactory loggers,
        TimeProvider clock)
    {
        var started = Stopwatch.GetTimestamp();
        var ingress = ingressOptions.Value;
        var options = provisioningOptions.Value;
        var logger = loggers.CreateLogger(typeof(SettingsProvisioningApi).FullName!);

        var body = await WebhookApi.ReadBodyAsync(http.Request, MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return Done(metrics, started, "too_large", RuleLevel.None, Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: $"The body exceeds {MaxBodyBytes} bytes."));
        }

        if (Authenticate(http.Request, body, ingress, options, clock.GetUtcNow()) is { } refusal)
        {
            LogUnauthenticated(logger, refusal.Reason, http.Connection.RemoteIpAddress?.ToString());
            return Done(metrics, started, "unauthenticated", RuleLevel.None, Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized, title: "Settings request not authenticated", detail: refusal.Detail));
        }

        if (ParseFqn(body) is not { } fqn)
        {
            return Done(metrics, started, "invalid", RuleLevel.None, Results.ValidationProblem(
                new Dictionary<string, string[]> { ["fqn"] = ["Send a JSON object {\"fqn\": \"<AppID>/<room name>\"}."] },
                title: "Not a settings-provisioning request", statusCode: StatusCodes.Status400BadRequest));
        }

        if (fqn.RoomName.Length > options.MaxRoomNameLength)
        {
            return Done(metrics, started, "room_too_long", RuleLevel.None, Results.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["fqn"] = [$"The room name has {fqn.RoomName.Length} characters; at most {options.MaxRoomNameLength} are answered (SettingsProvisioning:MaxRoomNameLength)."],
                },
                title: "Room name too long", statusCode: StatusCodes.Status400BadRequest));
        }

        var resolved = snapshot.Current.Resolve(fqn.FqnAppId, fqn.RoomName);
        JsonNode answer = JsonSerializer.SerializeToNode(resolved.Settings)!;
        if (options.EmitLegacyTranscriber && resolved.Settings.TranscriberType is { } transcriber)
        {
            // docs/jaas-reference.md, Settings provisioning: an older revision of the reference named this field "transcriber".
            answer["transcriber"] = transcriber;
        }

        return Done(metrics, started, "answered", resolved.Level, Results.Json(answer));
    }

    private static AuthenticationRefusal? Authenticate(
        HttpRequest request, byte[] body, IngressOptions ingress, SettingsProvisioningOptions options, DateTimeOffset now)
    {
        if (!CanAuthenticate(ingress))
        {
            // Open: the host only starts like this on loopback, or with SettingsProvisioning:AllowUnauthenticated.
            return null;
        }

        // Either proof is enough: the reference does not say which one JaaS sends on this call.
        AuthenticationRefusal? refusal = null;
        if (ingress.RequiredAuthorization is { Length: > 0 } required &&
            (refusal = JaasRequestAuthentication.CheckAuthorization(request, required)) is null)
        {
            return null;
        }

        return ingress.WebhookSecrets.Count > 0 ? JaasRequestAuthentication.CheckSignature(request, body, ingress, now) : refusal;
    }

    private static SettingsProvisioningRequest? ParseFqn(byte[] body)
    {
        SettingsProvisioningRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<SettingsProvisioningRequest>(body);
        }
        catch (JsonException)
        {
            return null;
        }

        // JaasFqn: the AppID ends at the first '/'; both parts must be there.
        return request is { Fqn: { } fqn } && fqn.IndexOf('/') > 0 && request.RoomName.Length > 0 && !string.IsNullOrWhiteSpace(request.RoomName)
            ? request
            : null;
    }

    private static IResult Done(IngressMetrics metrics, long started, string outcome, RuleLevel level, IResult result)
    {
        metrics.RecordSettingsCall(outcome, level, Stopwatch.GetElapsedTime(started));
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unauthenticated settings-provisioning call ({Reason}) from {RemoteAddress}")]
    private static partial void LogUnauthenticated(ILogger logger, string reason, string? remoteAddress);
}
