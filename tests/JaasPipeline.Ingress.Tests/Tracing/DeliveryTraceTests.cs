using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JaasPipeline.Data;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using MassTransit;
using MassTransit.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace JaasPipeline.Ingress.Tests.Tracing;

/// <summary>
/// One delivery, one trace: the webhook request, its intake, the relay's publish (after the request was answered, from
/// the context kept in the outbox row), MassTransit's send, receive and consume, and the consumer's inbox commit, over
/// real HTTP, a real SQLite outbox and inbox, on the in-memory bus and on RabbitMQ (a virtual host of its own).
/// </summary>
public sealed class DeliveryTraceTests
{
    private const string InMemory = "InMemory";
    private const string RabbitMq = "RabbitMq";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private TestVirtualHost virtualHost = null!;

    [OneTimeSetUp]
    public async Task CreateVirtualHost() => virtualHost = await TestVirtualHost.CreateAsync("trace-tests");

    [OneTimeTearDown]
    public async Task DeleteVirtualHost() => await virtualHost.DisposeAsync();

    [TestCase(InMemory)]
    [TestCase(RabbitMq)]
    public async Task SignedDelivery_IsOneTraceFromTheRequestThroughTheRelayToTheConsumersCommit(string transport)
    {
        using var folder = new TempFolder("trace");
        await using var traced = await TracedHost.StartAsync(folder, transport == RabbitMq ? virtualHost : null);
        var key = $"traced-{Guid.NewGuid()}";

        using (var response = await traced.Host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key)))
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        }

        var trace = await traced.TraceOfAsync(key);
        var intake = trace.Single(span => span.OperationName == "webhook intake");
        var request = trace.Single(span => span.Kind == ActivityKind.Server);
        var relay = trace.Single(span => span.OperationName == "outbox relay publish");
        var send = trace.Single(span => span.Source.Name == DiagnosticHeaders.DefaultListenerName && span.Kind == ActivityKind.Producer);
        var receive = trace.Single(span => IsMassTransitConsumer(span, "receive"));
        var consume = trace.Single(span => IsMassTransitConsumer(span, "process"));
        var commit = trace.Single(span => span.OperationName == "inbox commit");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.ParentSpanId, Is.EqualTo(default(ActivitySpanId)), "the webhook request starts the trace");
            Assert.That((string?)request.GetTagItem("url.path"), Is.EqualTo(WebhookApi.Route));
            Assert.That(intake.ParentSpanId, Is.EqualTo(request.SpanId), "intake under the request");
            Assert.That(intake.GetTagItem("jaas.outcome"), Is.EqualTo("accepted"));
            Assert.That(relay.ParentSpanId, Is.EqualTo(intake.SpanId), "the relay's publish continues the intake, from the outbox row");
            Assert.That(send.ParentSpanId, Is.EqualTo(relay.SpanId), "MassTransit's send under the relay's publish");
            Assert.That(receive.ParentSpanId, Is.EqualTo(send.SpanId), "the receive continues the send, from the message headers");
            Assert.That(consume.ParentSpanId, Is.EqualTo(receive.SpanId), "the consume under the receive");
            Assert.That((string?)consume.GetTagItem(DiagnosticHeaders.ConsumerType), Does.EndWith(nameof(TracedLedgerConsumer)));
            Assert.That(commit.ParentSpanId, Is.EqualTo(consume.SpanId), "the inbox commit under the consume");
        }
    }

    [Test]
    public async Task CallersTraceContext_IsKeptInTheOutboxRowAndContinuedByTheRelay()
    {
        using var folder = new TempFolder("trace");
        await using var traced = await TracedHost.StartAsync(folder, busHost: null);
        var key = $"caller-traced-{Guid.NewGuid()}";
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var bytes = Encoding.UTF8.GetBytes(Deliveries.ParticipantJoined(key));
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookApi.Route) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(Deliveries.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), bytes));
        request.Headers.Add("traceparent", $"00-{callerTrace.ToHexString()}-{callerSpan.ToHexString()}-01");
        request.Headers.Add("tracestate", "jaas=caller");

        using (var response = await traced.Host.Client.SendAsync(request))
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
        }

        var trace = await traced.TraceOfAsync(key);
        var intake = trace.Single(span => span.OperationName == "webhook intake");
        var relay = trace.Single(span => span.OperationName == "outbox relay publish");
        var stored = await traced.Host.QueryAsync<(string TraceParent, string TraceState)>(
            "SELECT trace_parent, trace_state FROM outbox_deliveries WHERE idempotency_key = @Key", new { Key = key });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(trace.Single(span => span.Kind == ActivityKind.Server).ParentSpanId, Is.EqualTo(callerSpan), "the request continues the caller's trace");
            Assert.That(intake.TraceId, Is.EqualTo(callerTrace));
            Assert.That(stored.Single(), Is.EqualTo(($"00-{callerTrace.ToHexString()}-{intake.SpanId.ToHexString()}-01", "jaas=caller")), "the outbox row keeps the intake's context");
            Assert.That(relay.ParentSpanId, Is.EqualTo(intake.SpanId));
            Assert.That(relay.TraceStateString, Is.EqualTo("jaas=caller"), "the caller's tracestate goes on with the trace");
        }
    }

    [TestCase(null)]
    [TestCase("not-a-traceparent")]
    public async Task RowWithoutAUsableTraceContext_IsPublishedInATraceOfItsOwn(string? storedTraceParent)
    {
        using var folder = new TempFolder("trace");
        await using var traced = await TracedHost.StartAsync(folder, busHost: null);
        var key = $"untraced-{Guid.NewGuid()}";
        var body = Encoding.UTF8.GetBytes(Deliveries.ParticipantJoined(key));

        // As a row written before migration 0007 (or by an untraced request) is: committed without the request's span.
        var store = traced.Host.Services.GetRequiredService<OutboxStore>();
        await store.CommitAsync(
            [new IncomingDelivery(key, "PARTICIPANT_JOINED", "session-1", body, SHA256.HashData(body), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), storedTraceParent)],
            CancellationToken.None);
        traced.Host.Services.GetRequiredKeyedService<Doorbell>(IngressExtensions.ServiceName).Ring();

        var trace = await traced.TraceOfAsync(key);
        var relay = trace.Single(span => span.OperationName == "outbox relay publish");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(traced.Receipts.CountOf(key), Is.EqualTo(1), "published and consumed");
            Assert.That(relay.ParentSpanId, Is.EqualTo(default(ActivitySpanId)), "the relay's publish starts the trace");
            Assert.That(trace.Select(span => span.OperationName), Has.One.EqualTo("inbox commit"), "the consumer's commit is in it");
        }
    }

    [Test]
    public async Task SampledOutDelivery_RecordsNoSpanAnywhereYetItsConsumerLogsTheRequestsTraceId()
    {
        using var folder = new TempFolder("trace");
        // The standard variables, read by the OpenTelemetry SDK from the host's configuration (environment included): a
        // ratio of 0 samples no delivery out of the traces, yet keeps their context flowing (flagged "not sampled").
        await using var traced = await TracedHost.StartAsync(folder, busHost: null, new() { ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio", ["OTEL_TRACES_SAMPLER_ARG"] = "0" });
        var key = $"sampled-out-{Guid.NewGuid()}";

        using (var response = await traced.Host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key)))
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
        }

        await Eventually.WaitUntilAsync(() => traced.Receipts.CountOf(key) == 1, Deadline, "the delivery is consumed");
        var stored = (await traced.Host.QueryAsync<string?>(
            "SELECT trace_parent FROM outbox_deliveries WHERE idempotency_key = @Key", new { Key = key })).Single();
        var line = traced.Logs.Lines.Single(l => l.Contains($"Ledger handling {key}", StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(traced.Spans, Is.Empty, "nothing recorded, at the ingress, the relay or the consumer");
            Assert.That(stored, Does.Match("^00-[0-9a-f]{32}-[0-9a-f]{16}-00$"), "the request's context is kept, flagged not sampled");
            Assert.That(line, Does.Contain($"\"TraceId\":\"{stored?.Split('-')[1]}\""), "the consumer continues the request's trace, unsampled");
        }
    }

    [Test]
    public async Task ConsumerLogLine_CarriesItsDeliverysTraceId()
    {
        using var folder = new TempFolder("trace");
        await using var traced = await TracedHost.StartAsync(folder, busHost: null);
        // Two deliveries one after the other: the second is consumed by a SQLite inbox group whose writer the first started.
        var keys = new[] { $"logged-1-{Guid.NewGuid()}", $"logged-2-{Guid.NewGuid()}" };

        foreach (var key in keys)
        {
            using var response = await traced.Host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key));
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            await traced.TraceOfAsync(key);
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var key in keys)
            {
                var intake = traced.SpanOf(key)!;
                var line = traced.Logs.Lines.Single(l => l.Contains($"Ledger handling {key}", StringComparison.Ordinal));
                using var json = JsonDocument.Parse(line);
                var scopes = json.RootElement.GetProperty("Scopes").EnumerateArray()
                    .Where(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out _))
                    .ToList();
                Assert.That(scopes, Is.Not.Empty, $"a TraceId in the JSON line: {line}");
                Assert.That(scopes.Select(s => s.GetProperty("TraceId").GetString()), Is.All.EqualTo(intake.TraceId.ToHexString()), line);
                Assert.That(scopes.Select(s => s.GetProperty("SpanId").GetString()), Is.All.Not.Empty, line);
            }
        }
    }

    private static bool IsMassTransitConsumer(Activity span, string operation) =>
        span.Source.Name == DiagnosticHeaders.DefaultListenerName && span.Kind == ActivityKind.Consumer &&
        (string?)span.GetTagItem(DiagnosticHeaders.Messaging.Operation) == operation;

    /// <summary>An ingress and the traced ledger consumer, tracing into memory and logging as the production hosts do (JSON).</summary>
    private sealed class TracedHost : IAsyncDisposable
    {
        private TracedHost(IngressTestHost host, SpanLog spans, ReceiptLog receipts)
        {
            Host = host;
            Spans = spans;
            Receipts = receipts;
            Logs = host.Services.GetRequiredService<ConsoleFormattedLogs>();
        }

        public IngressTestHost Host { get; }

        public SpanLog Spans { get; }

        public ReceiptLog Receipts { get; }

        public ConsoleFormattedLogs Logs { get; }

        public static async Task<TracedHost> StartAsync(TempFolder folder, TestVirtualHost? busHost, Dictionary<string, string?>? extraSettings = null)
        {
            var settings = busHost is null ? IngressTestHost.DefaultSettings(folder) : IngressTestHost.OnBroker(folder, busHost.BusSettings);
            settings["Logging:Console:FormatterName"] = "json";
            foreach (var (key, value) in extraSettings ?? [])
            {
                settings[key] = value;
            }

            var spans = new SpanLog();
            var receipts = new ReceiptLog();
            var host = await IngressTestHost.StartAsync(
                settings,
                bus => bus.AddConsumer<TracedLedgerConsumer, TracedLedgerConsumerDefinition>(),
                builder =>
                {
                    LedgerService.AddTo(builder, folder, receipts);
                    builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddPipelineSources().AddInMemoryExporter(spans));
                    builder.Services.AddSingleton<ConsoleFormattedLogs>();
                    builder.Services.AddSingleton<ILoggerProvider>(services => services.GetRequiredService<ConsoleFormattedLogs>());
                });
            return new TracedHost(host, spans, receipts);
        }

        /// <summary>The first span that names the delivery: its intake, or the relay's publish of a row committed directly.</summary>
        public Activity? SpanOf(string key) => Spans.FirstOrDefault(span =>
            span.OperationName is "webhook intake" or "outbox relay publish" && (string?)span.GetTagItem("jaas.idempotency_key") == key);

        /// <summary>The spans of the delivery's trace, once its consumer's commit has been exported.</summary>
        public async Task<IReadOnlyList<Activity>> TraceOfAsync(string key)
        {
            await Eventually.WaitUntilAsync(
                () => SpanOf(key) is { } first && Spans.Of(first.TraceId).Any(span => span.OperationName == "inbox commit"),
                Deadline,
                $"the consumer's commit of {key} is traced");
            var first = SpanOf(key)!;
            // The request's own span ends after its answer is written, the consume after the commit: both may come later.
            await Eventually.WaitUntilAsync(
                () => first.OperationName != "webhook intake" || Spans.Of(first.TraceId).Any(span => span.Kind == ActivityKind.Server),
                Deadline,
                $"the request of {key} is traced");
            await Eventually.WaitUntilAsync(
                () => Spans.Of(first.TraceId).Count(span => span.Source.Name == DiagnosticHeaders.DefaultListenerName && span.Kind == ActivityKind.Consumer) >= 2,
                Deadline,
                $"the receive and consume of {key} are traced");
            return Spans.Of(first.TraceId);
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }
}
