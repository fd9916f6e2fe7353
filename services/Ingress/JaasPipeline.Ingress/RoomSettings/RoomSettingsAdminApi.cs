using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>
/// <c>/api/room-settings</c>: operators manage the settings-provisioning rules. Always behind an <c>X-Api-Key</c> from
/// <c>Api:Keys</c>, even on loopback (the rules hold passcodes); with no keys configured the API is off (404).
/// </summary>
public static partial class RoomSettingsAdminApi
{
    public const string Route = "/api/room-settings";

    /// <summary>The rules' change history; not under <see cref="Route"/>, where every name after the app is a room.</summary>
    public const string AuditRoute = "/api/room-settings-audit";

    /// <summary>The OpenAPI tag of these endpoints.</summary>
    public const string Tag = "Room settings";

    /// <summary>
    /// Retry-After of a change the database could not take: a lock, a full disk or a read-only file is not gone at
    /// once, and an operator (or a script) retrying sooner only adds to the queue of writers.
    /// </summary>
    public const int RetryAfterSeconds = 5;

    public static IEndpointRouteBuilder MapRoomSettingsAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).RequireAdminKey("room-settings admin API").WithTags(Tag);
        group.MapGet("/{appId}", ListAsync)
            .WithSummary("The rules of one app (its default *, patterns and rooms), by room name")
            .WithDescription("Ordered by room (ordinal), not by time: a rule set is configuration, read whole. An app without rules answers an empty list.")
            .WithQueryParameters(QueryParameter.Paging)
            .Produces<ApiList<RoomSettingsRuleItem>>()
            .ProducesValidationProblem();
        group.MapGet("/{appId}/{**room}", GetAsync)
            .WithSummary("The settings of one rule (room: a name, a pattern with *, or * for the app's default)")
            .Produces<SettingsProvisioningResponse>();
        group.MapPut("/{appId}/{**room}", PutAsync)
            .WithSummary("Sets one rule to the settings in the body (a JSON object); answers the settings stored")
            // Documented, not declared with Accepts<>: that would answer 415 to a body sent without its content type.
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) => operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(SettingsProvisioningResponse), cancellationToken: cancellationToken) },
                },
            })
            .Produces<SettingsProvisioningResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapDelete("/{appId}/{**room}", DeleteAsync)
            .WithSummary("Deletes one rule")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGroup(AuditRoute).RequireAdminKey("room-settings admin API").WithTags(Tag)
            .MapGet("/{appId}", ListChangesAsync)
            .WithSummary("The changes of one app's rules, newest first: room, which key, when, settings before and after")
            .WithDescription("Every PUT and DELETE that changed a rule. Audit rows are never deleted by the retention.")
            .WithQueryParameters(QueryParameter.Paging)
            .Produces<ApiList<RoomSettingsChange>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> ListChangesAsync(string appId, HttpRequest request, RoomSettingsStore store, CancellationToken cancellationToken)
    {
        appId = RoomSettingsValidation.FromRoute(appId);
        var errors = new Dictionary<string, string[]>();
        var page = ListQuery.Parse(request.Query, errors);
        // The cursor is the id of the page's last change: the next page starts before it.
        var beforeId = long.MaxValue;
        if (page.Cursor is { } cursor)
        {
            if (ApiCursor.TryDecode(cursor, 1) is [var id] && ApiCursor.Number(id) is { } lastId)
            {
                beforeId = lastId;
            }
            else
            {
                ListQuery.RefuseCursor(errors);
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Room settings audit query refused");
        }

        var changes = await store.ReadChangesAsync(appId, beforeId, page.Limit + 1, cancellationToken);
        var items = changes.Take(page.Limit).ToList();
        return Results.Ok(new ApiList<RoomSettingsChange>(
            items, changes.Count > page.Limit ? ApiCursor.Encode(items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null));
    }

    private static async Task<IResult> ListAsync(string appId, HttpRequest request, RoomSettingsStore store, CancellationToken cancellationToken)
    {
        appId = RoomSettingsValidation.FromRoute(appId);
        var errors = new Dictionary<string, string[]>();
        var page = ListQuery.Parse(request.Query, errors);
        string? after = null;
        if (page.Cursor is { } cursor && (after = RoomCursor.TryRead(cursor)) is null)
        {
            ListQuery.RefuseCursor(errors);
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Room settings query refused");
        }

        // An app has a handful of rules, read in one query: the page is cut here, after the last room of the previous one.
        var rules = (await store.LoadAppAsync(appId, cancellationToken))
            .Where(rule => after is null || string.CompareOrdinal(rule.Room, after) > 0)
            .OrderBy(rule => rule.Room, StringComparer.Ordinal)
            .Take(page.Limit + 1)
            .ToList();
        var items = rules.Take(page.Limit).Select(rule => new RoomSettingsRuleItem(rule.Room, rule.Settings)).ToList();
        return Results.Ok(new ApiList<RoomSettingsRuleItem>(items, rules.Count > page.Limit ? RoomCursor.Write(items[^1].Room) : null));
    }

    private static async Task<IResult> GetAsync(string appId, string room, RoomSettingsStore store, CancellationToken cancellationToken)
    {
        (appId, room) = (RoomSettingsValidation.FromRoute(appId), RoomSettingsValidation.FromRoute(room));
        return (await store.LoadAppAsync(appId, cancellationToken)).FirstOrDefault(rule => rule.Room == room) is { } found
            ? Results.Ok(found.Settings)
            : NoSuchRule(appId, room);
    }

    private static IResult NoSuchRule(string appId, string room) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such rule", detail: $"No rule for {appId}/{room}.");

    private static async Task<IResult> PutAsync(
        string appId,
        string room,
        HttpContext http,
        RoomSettingsSnapshot snapshot,
        [FromKeyedServices(IngressExtensions.ServiceName)] Database database,
        ILoggerFactory loggers)
    {
        (appId, room) = (RoomSettingsValidation.FromRoute(appId), RoomSettingsValidation.FromRoute(room));
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        var errors = RoomSettingsValidation.ValidateTarget(appId, room);
        if (body is not JsonObject settingsJson)
        {
            errors["settings"] = ["The body must be a JSON object of settings."];
        }
        else
        {
            foreach (var (field, problem) in RoomSettingsValidation.ValidateSettings(settingsJson))
            {
                errors[field] = [problem];
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Room settings refused; nothing was changed");
        }

        var settings = JsonSerializer.Deserialize<SettingsProvisioningResponse>(body!)!;
        var changedBy = KeyId(http);
        var logger = loggers.CreateLogger(typeof(RoomSettingsAdminApi).FullName!);
        try
        {
            await snapshot.ChangeAsync(appId, room, settings, changedBy, http.RequestAborted);
        }
        catch (Exception exception) when (database.RefusesWrites(exception))
        {
            LogChangeNotStored(logger, appId, room, exception);
            return NotStored(http);
        }

        LogChanged(logger, appId, room, changedBy);
        return Results.Ok(settings);
    }

    private static async Task<IResult> DeleteAsync(
        string appId,
        string room,
        HttpContext http,
        RoomSettingsSnapshot snapshot,
        [FromKeyedServices(IngressExtensions.ServiceName)] Database database,
        ILoggerFactory loggers)
    {
        (appId, room) = (RoomSettingsValidation.FromRoute(appId), RoomSettingsValidation.FromRoute(room));
        var changedBy = KeyId(http);
        var logger = loggers.CreateLogger(typeof(RoomSettingsAdminApi).FullName!);
        SettingsProvisioningResponse? before;
        try
        {
            before = await snapshot.ChangeAsync(appId, room, null, changedBy, http.RequestAborted);
        }
        catch (Exception exception) when (database.RefusesWrites(exception))
        {
            LogChangeNotStored(logger, appId, room, exception);
            return NotStored(http);
        }

        if (before is null)
        {
            return NoSuchRule(appId, room);
        }

        LogChanged(logger, appId, room, changedBy);
        return Results.NoContent();
    }

    /// <summary>
    /// The database refuses every write for now (<see cref="Database.RefusesWrites"/>: locked, read-only, full or
    /// unreachable; not a refusal of this rule's data): the transaction was not committed, and a PUT or DELETE of one
    /// rule may be sent again as it is.
    /// </summary>
    private static IResult NotStored(HttpContext http)
    {
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Room settings change not stored",
            detail: $"The database cannot take writes now (locked, read-only, full or unreachable), so the change was not made. Send the same request again in {RetryAfterSeconds} s or later: a PUT or DELETE is safe to repeat.");
    }

    /// <summary>Which key made a change, without keeping the key: its name from <c>Api:NamedKeys</c>, else the first
    /// 8 bytes of its SHA-256, hex.</summary>
    private static string KeyId(HttpContext http)
    {
        var presented = http.Request.Headers[ApiOptions.KeyHeader].ToString();
        return http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.NameOf(presented) is { } name
            ? "name:" + name
            : "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(presented)))[..16];
    }

    // The exception says why (SQLite's or SQL Server's words); never the settings, which hold passcodes.
    [LoggerMessage(Level = LogLevel.Error, Message = "Room settings of {AppId}/{Room} not changed: the database did not take the write")]
    private static partial void LogChangeNotStored(ILogger logger, string appId, string room, Exception exception);

    // Never the settings themselves: they hold passcodes.
    [LoggerMessage(Level = LogLevel.Information, Message = "Room settings of {AppId}/{Room} changed by {ChangedBy}")]
    private static partial void LogChanged(ILogger logger, string appId, string room, string changedBy);
}
