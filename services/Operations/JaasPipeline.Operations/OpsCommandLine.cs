using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace JaasPipeline.Operations;

/// <summary>
/// jaas-ops: replay accepted deliveries, reprocess one consumer, list and move error queues, through the services' HTTP
/// APIs with each service's key (<see cref="ServiceKeys"/>). Exit codes: 0 done, 1 a service refused, did not answer or
/// failed (one line says which and why), 2 bad input or a missing key.
/// </summary>
public static class OpsCommandLine
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    /// <summary>The consumer services, by queue name: what <c>reprocess</c> and <c>replay --queue</c> take.</summary>
    public static readonly string[] Consumers = ["attendance", "media-artifacts", "transcription", "analytics"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        var ingressUrl = new Option<string>("--ingress-url")
        {
            Description = "Base URL of the ingress (env JAAS_INGRESS_URL)", Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("JAAS_INGRESS_URL") ?? "http://127.0.0.1:5080",
        };
        var serviceUrl = new Option<string?>("--service-url")
        {
            Description = "Base URL of the consumer service for reprocess and error-queues (env JAAS_SERVICE_URL; default: --ingress-url, as in the Standalone)",
            Recursive = true, DefaultValueFactory = _ => Environment.GetEnvironmentVariable("JAAS_SERVICE_URL"),
        };
        // Keys: no default value from the environment (--help prints defaults); ServiceKeys reads it when a key is needed.
        var apiKey = ServiceKeys.ApiKeyOption(recursive: true);
        var apiKeyFor = ServiceKeys.ApiKeyForOption(recursive: true);

        var root = new RootCommand(
            """
            jaas-ops: operator commands for a running JaasPipeline, through the services' HTTP APIs with an admin key.
            Each service gets its own key if --api-key-for names it, else the operator key (--api-key).
            Exit code: 0 done; 1 a service refused (401, 403, 404 …), did not answer (connection refused, timeout) or failed:
            one line on stderr names the service, the URL, the status and the problem; 2 bad input or a missing key.
            """)
        {
            ingressUrl, serviceUrl, apiKey, apiKeyFor,
        };

        var replayFrom = FromOption("Replay deliveries received from this time (ISO 8601, e.g. 2026-11-23T10:00:00Z)");
        var replayTo = ToOption("... to this time, inclusive");
        var replaySession = new Option<string?>("--session-id") { Description = "Only this meeting's deliveries" };
        var replayEventType = new Option<string?>("--event-type") { Description = "Only deliveries of this eventType, e.g. PARTICIPANT_JOINED" };
        var replayQueue = new Option<string?>("--queue") { Description = "Send to this consumer's queue only (e.g. attendance); default: publish to every consumer" };
        var replay = new Command("replay", "Sends accepted deliveries again; each consumer's inbox drops what it already handled.")
        {
            replayFrom, replayTo, replaySession, replayEventType, replayQueue,
        };
        replay.SetAction((parse, token) => WithApiAsync(parse, async api =>
        {
            var (from, to) = (Time(parse.GetValue(replayFrom)!, "--from"), Time(parse.GetValue(replayTo)!, "--to"));
            Ordered(from, to);
            var queue = parse.GetValue(replayQueue);
            var answer = await api.ReplayAsync(from, to, parse.GetValue(replaySession), parse.GetValue(replayEventType), queue, token);
            output.WriteLine($"Scheduled {(int?)answer["scheduled"]} accepted deliveries to {(queue is null ? "every consumer" : "queue " + queue)}.");
            return Done;
        }));

        var moveQueue = new Argument<string>("queue")
        {
            Description = "The service queue whose failed messages go back (RabbitMQ: from <queue>_error; the embedded default: its faulted_messages rows), e.g. attendance",
        };
        var moveMax = new Option<int?>("--max") { Description = "Move at most this many (1 to 1000000; the service's default is 1000)" };
        var move = new Command("move",
            "Moves failed messages back to <queue> once the cause is fixed, and says how many moved and are left. RabbitMQ: from <queue>_error. " +
            "The embedded default: its faulted_messages rows, sent again from the ingress's outbox.")
        {
            moveQueue, moveMax,
        };
        move.SetAction((parse, token) => WithApiAsync(parse, async api =>
        {
            if (parse.GetValue(moveMax) is { } max and (< 1 or > 1_000_000))
            {
                throw new InputRefused($"--max {max}: a whole number from 1 to 1000000");
            }

            var answer = await api.MoveErrorQueueAsync(parse.GetValue(moveQueue)!, parse.GetValue(moveMax), token);
            output.WriteLine($"Moved {(int?)answer["moved"]} message(s) from {ErrorQueueOf(answer)} back to {answer["queue"]}; {(long?)answer["left"]} left.");
            return Done;
        }));
        var list = new Command("list",
            "Failed messages waiting in each queue of the service (--service-url), read now: <queue>_error on RabbitMQ, faulted_messages in the embedded default.");
        list.SetAction((parse, token) => WithApiAsync(parse, async api =>
        {
            var queues = (await api.ErrorQueuesAsync(token))["items"]!.AsArray();
            output.WriteLine($"{"queue",-24} {"error queue",-30} messages");
            foreach (var queue in queues)
            {
                output.WriteLine($"{(string?)queue!["queue"],-24} {(string?)queue["errorQueue"],-30} {(long?)queue["messages"]}");
            }

            return Done;
        }));
        var errorQueues = new Command("error-queues",
            "A consumer service's failed messages (RabbitMQ error queues, or faulted_messages on the embedded default's in-memory bus): list them, move them back.")
        {
            list, move,
        };

        var reprocessConsumer = new Argument<string>("consumer") { Description = $"The consumer service: {string.Join(", ", Consumers)}" };
        var reprocessFrom = FromOption("Meetings with deliveries received from this time (ISO 8601)");
        var reprocessTo = ToOption("... to this time, inclusive");
        var reprocessSession = new Option<string?>("--session-id") { Description = "Only this meeting" };
        var reprocessDryRun = new Option<bool>("--dry-run") { Description = "Run every check and show per meeting what would be deleted and replayed; delete nothing" };
        var reprocess = new Command("reprocess",
            "After a bug fix: the consumer clears its effects and inbox rows of each meeting with deliveries in [from, to] (one transaction per meeting; " +
            "a meeting straddling the range is taken whole), then the meeting is replayed to its queue only. Nothing is cleared unless every check " +
            "passes first (replay API, the service's reprocess API, each meeting's deliveries still kept); meetings an earlier run cleared but could " +
            "not replay are replayed first. media-artifacts is refused (its download links expire).")
        {
            reprocessConsumer, reprocessFrom, reprocessTo, reprocessSession, reprocessDryRun,
        };
        reprocess.SetAction((parse, token) => WithApiAsync(parse, api =>
        {
            var consumer = parse.GetValue(reprocessConsumer)!;
            if (!Consumers.Contains(consumer))
            {
                throw new InputRefused($"consumer '{consumer}': one of {string.Join(", ", Consumers)}");
            }

            var (from, to) = (Time(parse.GetValue(reprocessFrom)!, "--from"), Time(parse.GetValue(reprocessTo)!, "--to"));
            Ordered(from, to);
            return new ReprocessRun(api, output, error).RunAsync(consumer, from, to, parse.GetValue(reprocessSession), parse.GetValue(reprocessDryRun), token);
        }));

        root.Subcommands.Add(replay);
        root.Subcommands.Add(errorQueues);
        root.Subcommands.Add(reprocess);

        var parseResult = root.Parse(args);
        var helpAsked = args.Any(arg => arg is "-h" or "--help" or "-?");
        if (parseResult.Errors.Count > 0 && !helpAsked)
        {
            await error.WriteLineAsync($"jaas-ops: {string.Join("; ", parseResult.Errors.Select(e => e.Message))} (see --help)");
            return BadInput;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);

        async Task<int> WithApiAsync(ParseResult parse, Func<PipelineApi, Task<int>> run)
        {
            try
            {
                if (!ServiceKeys.TryRead(parse.GetValue(apiKey), parse.GetValue(apiKeyFor), out var keys, out var refusal))
                {
                    throw new InputRefused(refusal!);
                }

                if (!keys.Any)
                {
                    throw new InputRefused($"no API key: give --api-key or set {ServiceKeys.OperatorKeyVariable} (the operator key, one of the services' Api:Keys), or --api-key-for <service>=<key>");
                }

                var ingress = Url(parse.GetValue(ingressUrl)!, "--ingress-url");
                var service = parse.GetValue(serviceUrl) is { Length: > 0 } url ? Url(url, "--service-url") : ingress;
                using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
                http.Timeout = TimeSpan.FromMinutes(5);
                return await run(new PipelineApi(http, ingress, service, keys));
            }
            catch (InputRefused bad)
            {
                await error.WriteLineAsync($"jaas-ops: {bad.Message}");
                return BadInput;
            }
            catch (OpsFailure failure)
            {
                await error.WriteLineAsync($"jaas-ops: {failure.Message}");
                return failure.ExitCode;
            }
        }
    }

    // RabbitMQ names the queue's error queue; the in-memory bus names its table.
    private static string ErrorQueueOf(JsonNode answer) =>
        (string?)answer["errorQueue"] ?? $"{answer["queue"]}_error";

    private static Option<string> FromOption(string description) => new("--from") { Description = description, Required = true };

    private static Option<string> ToOption(string description) => new("--to") { Description = description, Required = true };

    private static DateTimeOffset Time(string value, string name) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InputRefused($"{name} '{value}': an ISO-8601 time, e.g. 2026-11-23T10:00:00Z");

    private static void Ordered(DateTimeOffset from, DateTimeOffset to)
    {
        if (from > to)
        {
            throw new InputRefused("--from is after --to");
        }
    }

    private static Uri Url(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InputRefused($"{name} '{value}': an http:// or https:// base URL");

    private sealed class InputRefused(string message) : Exception(message);
}
