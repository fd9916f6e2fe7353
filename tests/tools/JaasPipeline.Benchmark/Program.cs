using JaasPipeline.Traffic;
using System.CommandLine;
using JaasPipeline.Benchmark;
using JaasPipeline.Operations;

var url = new Option<string>("--url")
{
    Description = "Base URL of the running deployment's ingress (the Standalone in the embedded default); loopback hosts only",
    DefaultValueFactory = _ => "http://127.0.0.1:5080",
};
var secret = new Option<string?>("--secret") { Description = "Endpoint secret (whsec_...) to sign X-Jaas-Signature with; unsigned if absent" };
var deployment = new Option<Deployment>("--deployment")
{
    Description = "embedded: caught up = outbox backlog 0 and jaas_inmemory_unsettled 0; production: outbox backlog 0 and every " +
                  "service queue of --rabbitmq-vhost 0 ready + 0 unacked in the RabbitMQ management API",
    DefaultValueFactory = _ => Deployment.Embedded,
};
var mode = new Option<LoadMode>("--mode")
{
    Description = "closed: --connections senders, each sends again as soon as answered; open: --rate deliveries/s on a fixed " +
                  "schedule, latency counted from each delivery's scheduled time (no coordinated omission)",
    DefaultValueFactory = _ => LoadMode.Closed,
};
var connections = new Option<int>("--connections")
{
    Description = "Connections to the ingress. Closed loop: requests in flight. Open loop: the most connections opened; a delivery " +
                  "due while all are busy waits, and the wait counts in its latency",
    DefaultValueFactory = _ => 32,
};
var rate = new Option<double>("--rate") { Description = "Open loop: deliveries offered per second", DefaultValueFactory = _ => 2_000 };
var duration = new Option<double>("--duration") { Description = "Seconds of measured load (the run stops by itself)", DefaultValueFactory = _ => 30 };
var deliveries = new Option<int>("--deliveries") { Description = "Stop the measured load after this many deliveries as well (0: duration only)", DefaultValueFactory = _ => 0 };
var warmup = new Option<int>("--warmup") { Description = "Deliveries sent first (closed loop) and waited for, not counted", DefaultValueFactory = _ => 1_000 };
var meetings = new Option<int>("--meetings") { Description = "Meetings running at once; deliveries interleave across them", DefaultValueFactory = _ => 200 };
var seed = new Option<int?>("--seed") { Description = "Seed for the meetings' shape (keys and session ids are always new)" };
var management = new Option<string>("--rabbitmq-management") { Description = "RabbitMQ management API (loopback only)", DefaultValueFactory = _ => "http://127.0.0.1:15672" };
var virtualHost = new Option<string?>("--rabbitmq-vhost") { Description = "Production: the virtual host the deployment uses" };
var amqpPort = new Option<int>("--rabbitmq-port") { Description = "Production: the broker's AMQP port (on the management API's host), for the plain client", DefaultValueFactory = _ => 5672 };
var brokerUser = new Option<string>("--rabbitmq-user") { Description = "Management API user", DefaultValueFactory = _ => "guest" };
var brokerPassword = new Option<string>("--rabbitmq-password") { Description = "Management API password", DefaultValueFactory = _ => "guest" };
var ingressDb = new Option<string?>("--ingress-db") { Description = "The ingress's SQLite file (outbox_deliveries.received_at = acceptance time)" };
var consumerDb = new Option<string[]>("--consumer-db")
{
    Description = "name=path of a consumer service's SQLite file, repeatable (inbox_messages.received_at for the delivery's MessageId)",
};
var pid = new Option<string[]>("--pid") { Description = "label=pid of a deployment process whose peak RSS (VmHWM) and CPU to report, repeatable" };
var sharedPid = new Option<string[]>("--shared-pid")
{
    Description = "label=pid of a process the deployment shares with others (the local RabbitMQ): its CPU is reported, its peak RSS is not " +
                  "counted against the targets, repeatable",
};
var processMatch = new Option<string[]>("--process-match")
{
    Description = "Also report every process whose command line contains this text (on a shared machine that may include " +
                  "other people's; --pid is exact), repeatable",
};
var catchUpTimeout = new Option<double>("--catch-up-timeout") { Description = "Seconds to wait for every consumer to catch up", DefaultValueFactory = _ => 600 };
var liveBaseline = new Option<double>("--live-baseline")
{
    Description = "Seconds of /health/live requests (closed loop, --connections) after the consumers caught up, the baseline of the cost ratio (0: none)",
    DefaultValueFactory = _ => 10,
};
var plainClient = new Option<bool>("--plain-client")
{
    Description = "Production: after the cost ratio, measure the broker's own cost with a plain RabbitMQ client (false: skip)",
    DefaultValueFactory = _ => true,
};

var root = new RootCommand(
    """
    End-to-end benchmark of a RUNNING JaasPipeline deployment on this machine (it refuses any non-loopback host).
    Sends correctly signed JaaS deliveries of whole meetings (room created/destroyed, joins and leaves with reconnects,
    lobby, transcript chunks, reactions, polls and answers, speaker stats, usage, chat), many meetings at once, each with
    a unique idempotency key; prints a progress line per second; then waits until every consumer has caught up.

    Figures:
      accepted/s           accepted deliveries / time from the first send to the last answer
      caught up            time from the first send until the operator's view shows nothing left (see --deployment);
                           polled every 200 ms; RabbitMQ's queue figures trail reality by up to ~5 s (see last commit)
      end to end           accepted deliveries / (time from the first send until every consumer was seen caught up)
      last commit          the same up to the latest inbox_messages.received_at of the run's deliveries (needs the
                           databases; no polling or broker delay)
      commit latency       with --ingress-db and --consumer-db: per delivery, from outbox_deliveries.received_at to the
                           latest inbox_messages.received_at over the consumers that hold it (MessageId = UUIDv5 of the
                           idempotency key). The inbox's received_at is written at the start of the consumer's
                           transaction, a few ms before its commit. Open loop also shows scheduled send -> last commit.
      /health/live         latency of the ingress's no-op endpoint under the same load (probed every 50 ms)
      processes            peak RSS (VmHWM from /proc/<pid>/status) and cores used from the start of the measured load
                           until caught up, of each process given by --pid / --shared-pid / --process-match and of
                           this benchmark, and how many cores the whole machine had busy meanwhile
      cost ratio           CPU seconds of every deployment process from the start of the measured load until caught up,
                           per accepted delivery, over the CPU seconds the ingress (or Standalone) spends per
                           /health/live request in --live-baseline seconds of closed loop over --connections afterwards
      broker alone         production, --plain-client: the CPU a plain RabbitMQ client (this process) and the broker
                           spend per event publishing and consuming the measured run's events again (the same count and
                           types, as envelopes the relay published, captured from the run's virtual host) through a copy
                           of the deployment's topology (same exchanges, durable quorum queues, bindings) in a virtual
                           host of its own: persistent, mandatory, batches of the relay's size with confirms awaited
                           together, one consumer per queue with the services' prefetch and an ack per message

    Exit code: 0 all accepted and caught up, 1 otherwise, 2 refused (bad option or non-loopback target).
    """)
{
    url, secret, deployment, mode, connections, rate, duration, deliveries, warmup, meetings, seed, management, virtualHost,
    brokerUser, brokerPassword, ingressDb, consumerDb, pid, sharedPid, processMatch, catchUpTimeout, liveBaseline, plainClient, amqpPort,
};
root.SetAction((parseResult, cancellationToken) =>
{
    string? refusal = null;
    if (!LoopbackAddress.TryParse("--url", parseResult.GetValue(url), out var baseUrl, out refusal) ||
        !LoopbackAddress.TryParse("--rabbitmq-management", parseResult.GetValue(management), out var managementUrl, out refusal) ||
        !TryParsePids("--pid", parseResult.GetValue(pid) ?? [], out var pids, out refusal) ||
        !TryParsePids("--shared-pid", parseResult.GetValue(sharedPid) ?? [], out var sharedPids, out refusal))
    {
        Console.Error.WriteLine(refusal);
        return Task.FromResult(BenchmarkRun.Refused);
    }

    var settings = new BenchmarkSettings(
        baseUrl,
        parseResult.GetValue(secret),
        parseResult.GetValue(deployment),
        parseResult.GetValue(mode),
        parseResult.GetValue(connections),
        parseResult.GetValue(rate),
        new LoadLimits(TimeSpan.FromSeconds(parseResult.GetValue(duration)), parseResult.GetValue(deliveries)),
        parseResult.GetValue(warmup),
        parseResult.GetValue(meetings),
        parseResult.GetValue(seed) ?? Random.Shared.Next(),
        managementUrl,
        parseResult.GetValue(virtualHost),
        parseResult.GetValue(brokerUser)!,
        parseResult.GetValue(brokerPassword)!,
        parseResult.GetValue(ingressDb),
        [.. (parseResult.GetValue(consumerDb) ?? []).Select(ConsumerDatabaseOf)],
        pids,
        sharedPids,
        parseResult.GetValue(processMatch) ?? [],
        TimeSpan.FromSeconds(parseResult.GetValue(catchUpTimeout)),
        TimeSpan.FromSeconds(parseResult.GetValue(liveBaseline)),
        parseResult.GetValue(plainClient),
        parseResult.GetValue(amqpPort));
    if (settings.Problem() is { } problem)
    {
        Console.Error.WriteLine(problem);
        return Task.FromResult(BenchmarkRun.Refused);
    }

    return new BenchmarkRun(settings, Console.Out).RunAsync(cancellationToken);
});

root.Subcommands.Add(SettingsProvisioningCommand());

return await root.Parse(args).InvokeAsync();

// The settings-provisioning benchmark: its own options, because it measures one endpoint and not the pipeline.
static Command SettingsProvisioningCommand()
{
    var url = new Option<string>("--url") { Description = "Base URL of the ingress (or the Standalone); loopback hosts only", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
    var secret = new Option<string?>("--secret") { Description = "Endpoint secret (whsec_...) to sign X-Jaas-Signature with; unsigned if absent" };
    // The operator key seeds the room rules through /api/room-settings; read when needed, never a default (--help prints those).
    var apiKey = ServiceKeys.ApiKeyOption();
    var apiKeyFor = ServiceKeys.ApiKeyForOption();
    var connections = new Option<int>("--connections") { Description = "Connections (closed loop: calls in flight; open loop: the most opened)", DefaultValueFactory = _ => 32 };
    var rate = new Option<double>("--rate") { Description = "Open loop: calls offered per second", DefaultValueFactory = _ => 2_000 };
    var duration = new Option<double>("--duration") { Description = "Seconds of each of the three measured loads", DefaultValueFactory = _ => 30 };
    var warmup = new Option<int>("--warmup") { Description = "Calls sent first (closed loop), not counted", DefaultValueFactory = _ => 5_000 };
    var seed = new Option<int?>("--seed") { Description = "Seed for the rooms asked for" };
    var command = new Command(
        "settings-provisioning",
        """
        Benchmark of POST /settings-provisioning on a RUNNING ingress or Standalone (loopback only). Seeds room rules at
        every level (global, app default, globs, exact rooms) through the admin API, then measures, one after another:
          open loop     --rate calls/s for --duration s, latency from each call's scheduled time (no coordinated omission)
          closed loop   --connections callers for --duration s: the most calls/s the server answers
          /health/live  the same closed loop against the no-op endpoint; the ratio of the two rates is printed
        The ingress's operator key (--api-key-for ingress=<key>, else --api-key) seeds the rules; a refusal or no answer
        there stops the run in one line on stderr naming the URL, the status and the problem.
        Exit code: 0 every call answered 200, 1 otherwise (a refused seed too), 2 refused (bad option, no key for the ingress
        or non-loopback target).
        """)
    {
        url, secret, apiKey, apiKeyFor, connections, rate, duration, warmup, seed,
    };
    command.SetAction((parseResult, cancellationToken) =>
    {
        if (!LoopbackAddress.TryParse("--url", parseResult.GetValue(url), out var baseUrl, out var refusal))
        {
            Console.Error.WriteLine(refusal);
            return Task.FromResult(BenchmarkRun.Refused);
        }

        if (!ServiceKeys.TryRead(parseResult.GetValue(apiKey), parseResult.GetValue(apiKeyFor), out var keys, out var badKey))
        {
            Console.Error.WriteLine("Refused: " + badKey);
            return Task.FromResult(BenchmarkRun.Refused);
        }

        var settings = new SettingsBenchmarkSettings(
            baseUrl,
            parseResult.GetValue(secret),
            keys,
            parseResult.GetValue(connections),
            parseResult.GetValue(rate),
            TimeSpan.FromSeconds(parseResult.GetValue(duration)),
            parseResult.GetValue(warmup),
            parseResult.GetValue(seed) ?? Random.Shared.Next());
        if (settings.Problem() is { } problem)
        {
            Console.Error.WriteLine(problem);
            return Task.FromResult(BenchmarkRun.Refused);
        }

        return new SettingsProvisioningRun(settings, Console.Out, Console.Error).RunAsync(cancellationToken);
    });
    return command;
}

// "attendance=/tmp/x/attendance.db", or just a path (named after the file).
static ConsumerDatabase ConsumerDatabaseOf(string value) =>
    value.IndexOf('=') is > 0 and var equals
        ? new ConsumerDatabase(value[..equals], value[(equals + 1)..])
        : new ConsumerDatabase(Path.GetFileNameWithoutExtension(value), value);

// "ingress=1234", or just "1234".
static bool TryParsePids(string option, string[] values, out List<(string Label, int Pid)> pids, out string? refusal)
{
    pids = [];
    foreach (var value in values)
    {
        var equals = value.IndexOf('=');
        var label = equals > 0 ? value[..equals] : $"pid {value}";
        if (!int.TryParse(equals > 0 ? value[(equals + 1)..] : value, out var number) || number <= 0)
        {
            refusal = $"Refused: {option} '{value}' is not label=pid or a pid.";
            return false;
        }

        pids.Add((label, number));
    }

    refusal = null;
    return true;
}
