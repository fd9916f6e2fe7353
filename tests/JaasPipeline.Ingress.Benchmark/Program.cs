using System.CommandLine;
using JaasPipeline.Ingress.Benchmark;

var url = new Option<string>("--url")
{
    Description = "Base URL of a running ingress; only loopback hosts (127.0.0.0/8, ::1, localhost) are accepted",
    DefaultValueFactory = _ => "http://127.0.0.1:5080",
};
var secret = new Option<string?>("--secret") { Description = "Endpoint secret (whsec_…) to sign with; unsigned if absent" };
var deliveries = new Option<int>("--deliveries") { Description = "Deliveries measured", DefaultValueFactory = _ => 50_000 };
var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 32 };
var warmup = new Option<int>("--warmup") { Description = "Deliveries sent first and not counted", DefaultValueFactory = _ => 2_000 };

var root = new RootCommand("Sends signed PARTICIPANT_JOINED deliveries to a running JaaS ingress and prints throughput, latency and outbox drain.")
{
    url, secret, deliveries, concurrency, warmup,
};
root.SetAction((parseResult, cancellationToken) =>
{
    if (!BenchmarkTarget.TryCreate(parseResult.GetValue(url), out var target, out var refusal))
    {
        Console.Error.WriteLine(refusal);
        return Task.FromResult(BenchmarkRun.Refused);
    }

    var settings = new BenchmarkSettings(
        target, parseResult.GetValue(secret), parseResult.GetValue(deliveries), parseResult.GetValue(concurrency), parseResult.GetValue(warmup));
    if (settings.Problem() is { } problem)
    {
        Console.Error.WriteLine(problem);
        return Task.FromResult(BenchmarkRun.Refused);
    }

    return new BenchmarkRun(settings).RunAsync(cancellationToken);
});

return await root.Parse(args).InvokeAsync();
