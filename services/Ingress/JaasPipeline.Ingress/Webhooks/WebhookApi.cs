using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text.Json;
using JaasPipeline.Contracts;
using JaasPipeline.Ingress.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.Webhooks;

/// <summary><c>POST /webhooks/jaas</c>: authenticate, validate, commit to the outbox, answer.</summary>
public static partial class WebhookApi
{
    public const string Route = "/webhooks/jaas";

    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        // Response metadata only: an Accepts<> here would make ASP.NET refuse bodies JaaS might send with another
        // content type (415) before the raw body is read, kept and verified.
        app.MapPost(Route, ReceiveAsync)
            .WithTags("Webhooks")
            .WithSummary("One JaaS webhook delivery (a JaaS event as JSON, signed in X-Jaas-Signature): verified, deduplicated, committed to the outbox")
            .Produces<WebhookAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http,
        DeliveryWriter writer,
        IngressMetrics metrics,
        DeliveryBodyBudget budget,
        IOptions<IngressOptions> options,
        ILoggerFactory loggers,
        TimeProvider clock)
    {
        var settings = options.Value;
        var logger = loggers.CreateLogger(typeof(WebhookApi).FullName!);
        var cancellationToken = http.RequestAborted;
        // A child of the request's span; null (nothing allocated) while no tracer listens.
        using var intake = IngressTracing.StartIntake();

        if (http.Request.ContentLength > settings.MaxBodyBytes)
        {
            Refuse(metrics, intake, "too_large");
            return TooLarge(settings);
        }

        // Held until the answer: the body stays in memory through its commit.
        using var share = budget.Reserve(http.Request);
        if (!share.IsAcquired)
        {
            Refuse(metrics, intake, "busy");
            LogBusy(logger, http.Request.ContentLength, http.Connection.RemoteIpAddress?.ToString());
            // By then every delivery holding the budget now has been read (or timed out) and committed (or refused).
            var retryAfter = (int)Math.Ceiling((settings.BodyReadTimeout + settings.CommitTimeout).TotalSeconds);
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            CloseWithoutReadingTheRest(http);
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many deliveries in flight",
                detail: $"The bodies being received reach Ingress:MaxBodyBytesInFlight ({settings.MaxBodyBytesInFlight} bytes). Try again in {retryAfter} s.");
        }

        byte[]? body;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.BodyReadTimeout);
        try
        {
            body = await ReadBodyAsync(http.Request, settings.MaxBodyBytes, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Kestrel's minimum data rate is an average with a grace period, so a burst buys a sender minutes of
            // silence; this deadline does not grow with what was sent.
            Refuse(metrics, intake, "body_timeout");
            LogUnreadableBody(logger, "body_timeout", "Ingress:BodyReadTimeout passed", http.Connection.RemoteIpAddress?.ToString());
            CloseWithoutReadingTheRest(http);
            return Results.Problem(
                statusCode: StatusCodes.Status408RequestTimeout,
                title: "Delivery body could not be read",
                detail: $"The body did not arrive within Ingress:BodyReadTimeout ({settings.BodyReadTimeout}).");
        }
        catch (BadHttpRequestException unreadable)
        {
            // A body that stalls (Kestrel's MinRequestBodyDataRate: 408) or ends early (400) is the sender's problem,
            // and anyone can cause one without a signature: answer as Kestrel would, count it, keep the log quiet.
            var reason = unreadable.StatusCode == StatusCodes.Status408RequestTimeout ? "body_timeout" : "body_incomplete";
            Refuse(metrics, intake, reason);
            LogUnreadableBody(logger, reason, unreadable.Message, http.Connection.RemoteIpAddress?.ToString());
            return Results.Problem(statusCode: unreadable.StatusCode, title: "Delivery body could not be read", detail: unreadable.Message);
        }
        catch (Exception aborted) when (aborted is IOException || (aborted is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The client went away mid-body: nobody is left to answer.
            Refuse(metrics, intake, "body_aborted");
            LogUnreadableBody(logger, "body_aborted", aborted.Message, http.Connection.RemoteIpAddress?.ToString());
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Delivery body could not be read", detail: "The request was aborted.");
        }

        if (body is null)
        {
            Refuse(metrics, intake, "too_large");
            return TooLarge(settings);
        }

        if (Authenticate(http.Request, body, settings, clock.GetUtcNow()) is { } refusal)
        {
            Refuse(metrics, intake, "unauthenticated");
            metrics.SignatureFailures.Add(1, Reason(refusal.Reason));
            LogUnauthenticated(logger, refusal.Reason, http.Connection.RemoteIpAddress?.ToString());
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Delivery not authenticated", detail: refusal.Detail);
        }

        // The parser checks every stored field against its column (JaasFieldLimits) and bounds the items of data.
        var parsed = JaasEventParser.Parse(body, settings.MaxDataItems);
        if (parsed.Errors.Count > 0 || parsed.Event is null)
        {
            var byField = parsed.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Problem).ToArray());
            // Authenticated but unusable: keep the body and the reason, so nothing JaaS sent is lost. Unkept, it is
            // not refused for good: 503 makes JaaS send it again. Kept through the writer, as an accepted delivery is.
            try
            {
                await writer.CommitAsync(new RejectedDelivery(body, "invalid", JsonSerializer.Serialize(byField)), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogRejectNotKept(logger, exception);
                Refuse(metrics, intake, "unavailable");
                return Unavailable();
            }

            Refuse(metrics, intake, "invalid");
            LogInvalid(logger, string.Join(", ", byField.Keys));
            return Results.ValidationProblem(byField, title: "Delivery is not a valid JaaS event", statusCode: StatusCodes.Status400BadRequest);
        }

        var (traceParent, traceState) = IngressTracing.ContextOf(intake);
        var delivery = new IncomingDelivery(
            parsed.Event.IdempotencyKey, parsed.Event.EventType, parsed.Event.SessionId, body, SHA256.HashData(body),
            clock.GetUtcNow().ToUnixTimeMilliseconds(), traceParent, traceState);
        if (intake is { IsAllDataRequested: true })
        {
            intake.SetTag("jaas.idempotency_key", delivery.IdempotencyKey);
            intake.SetTag("jaas.event_type", delivery.EventType);
        }

        DeliveryOutcome outcome;
        try
        {
            outcome = await writer.CommitAsync(delivery, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not committed, so not accepted: a non-2xx answer makes JaaS deliver it again later. DeliveryWriter logged why.
            Refuse(metrics, intake, "unavailable");
            return Unavailable();
        }

        switch (outcome)
        {
            case DeliveryOutcome.Accepted:
                metrics.Accepted.Add(1);
                break;
            case DeliveryOutcome.Duplicate:
                metrics.Duplicates.Add(1);
                break;
            case DeliveryOutcome.Conflict:
                metrics.Conflicts.Add(1);
                LogConflict(logger, delivery.IdempotencyKey);
                break;
        }

        intake?.SetTag("jaas.outcome", outcome.ToString().ToLowerInvariant());
        // A repeat is answered 200 too, so JaaS stops retrying; a conflicting repeat is kept in delivery_conflicts.
        return Results.Ok(new WebhookAnswer(outcome.ToString().ToLowerInvariant(), delivery.IdempotencyKey));
    }

    /// <summary>
    /// Reads the whole body, or returns null as soon as it is known to exceed <paramref name="maxBytes"/>. What arrives
    /// is copied out and consumed at once, so Kestrel's buffers hold only what is in transit, never the body so far:
    /// a body of known length goes straight into one array of that length, which is garbage once the answer is sent.
    /// </summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        return request.ContentLength is { } length
            ? await ReadKnownLengthAsync(request.BodyReader, (int)length, cancellationToken)
            : await ReadUnknownLengthAsync(request.BodyReader, (int)maxBytes, cancellationToken);
    }

    private static async Task<byte[]> ReadKnownLengthAsync(PipeReader reader, int length, CancellationToken cancellationToken)
    {
        // Filled to its last byte before it is returned: Kestrel ends the body at its Content-Length, or throws.
        var body = GC.AllocateUninitializedArray<byte>(length);
        var filled = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            result.Buffer.CopyTo(body.AsSpan(filled));
            filled += (int)result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return filled == length
                    ? body
                    : throw new BadHttpRequestException("The body ended before its Content-Length.", StatusCodes.Status400BadRequest);
            }
        }
    }

    private static async Task<byte[]?> ReadUnknownLengthAsync(PipeReader reader, int maxBytes, CancellationToken cancellationToken)
    {
        // A chunked body: gathered in rented arrays that double as it grows, copied once into a body of its size.
        var pool = ArrayPool<byte>.Shared;
        var gathered = pool.Rent(Math.Min(maxBytes, 16 * 1024));
        var filled = 0;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var arrived = result.Buffer.Length;
                if (filled + arrived > maxBytes)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    return null;
                }

                if (filled + arrived > gathered.Length)
                {
                    var larger = pool.Rent((int)Math.Min(maxBytes, Math.Max(2L * gathered.Length, filled + arrived)));
                    gathered.AsSpan(0, filled).CopyTo(larger);
                    pool.Return(gathered);
                    gathered = larger;
                }

                result.Buffer.CopyTo(gathered.AsSpan(filled));
                filled += (int)arrived;
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return gathered.AsSpan(0, filled).ToArray();
                }
            }
        }
        finally
        {
            pool.Return(gathered);
        }
    }

    private static AuthenticationRefusal? Authenticate(HttpRequest request, byte[] body, IngressOptions settings, DateTimeOffset now)
    {
        if (settings.RequiredAuthorization is { Length: > 0 } required &&
            JaasRequestAuthentication.CheckAuthorization(request, required) is { } wrongAuthorization)
        {
            return wrongAuthorization;
        }

        return settings.WebhookSecrets.Count == 0 && settings.AllowUnsigned
            ? null
            : JaasRequestAuthentication.CheckSignature(request, body, settings, now);
    }

    private static IResult TooLarge(IngressOptions settings) =>
        Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Delivery too large",
            detail: $"The body exceeds Ingress:MaxBodyBytes ({settings.MaxBodyBytes} bytes).");

    /// <summary>
    /// Answers without reading the rest of the body: with <c>Connection: close</c> Kestrel closes the connection after
    /// the answer instead of draining what the sender still has to send.
    /// </summary>
    private static void CloseWithoutReadingTheRest(HttpContext http) => http.Response.Headers.Connection = "close";

    private static IResult Unavailable() =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Delivery could not be stored", detail: "Try again later.");

    private static KeyValuePair<string, object?> Reason(string reason) => new("reason", reason);

    private static void Refuse(IngressMetrics metrics, Activity? intake, string reason)
    {
        metrics.Refused.Add(1, Reason(reason));
        if (intake is not null)
        {
            intake.SetTag("jaas.outcome", "refused");
            intake.SetTag("jaas.refused_reason", reason);
            if (reason == "unavailable")
            {
                intake.SetStatus(ActivityStatusCode.Error, "the delivery could not be committed");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unauthenticated delivery ({Reason}) from {RemoteAddress}")]
    private static partial void LogUnauthenticated(ILogger logger, string reason, string? remoteAddress);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a delivery of {ContentLength} bytes from {RemoteAddress}: Ingress:MaxBodyBytesInFlight reached")]
    private static partial void LogBusy(ILogger logger, long? contentLength, string? remoteAddress);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read a delivery's body ({Reason}: {Problem}) from {RemoteAddress}")]
    private static partial void LogUnreadableBody(ILogger logger, string reason, string problem, string? remoteAddress);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not keep an invalid delivery in rejected_deliveries; answered 503 so JaaS sends it again")]
    private static partial void LogRejectNotKept(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an invalid delivery (bad fields: {Fields}); its body is kept in rejected_deliveries")]
    private static partial void LogInvalid(ILogger logger, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {IdempotencyKey} repeats an accepted key with a different body; kept in delivery_conflicts")]
    private static partial void LogConflict(ILogger logger, string idempotencyKey);
}
