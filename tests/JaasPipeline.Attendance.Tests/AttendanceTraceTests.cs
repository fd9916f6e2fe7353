using System.Diagnostics;
using System.Text.Json;
using JaasPipeline.Ingress;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using MassTransit.Logging;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace JaasPipeline.Attendance.Tests;

/// <summary>
/// One JaaS delivery, one trace, through the real modules: the ingress's request, intake and relay, MassTransit's send,
/// receive and consume, and the attendance consumer's inbox commit — on the in-memory bus and on RabbitMQ.
/// </summary>
public sealed class AttendanceTraceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [TestCase(false)]
    [TestCase(true)]
    public async Task Delivery_IsOneTraceFromTheWebhookRequestToTheAttendanceCommit(bool onRabbitMq)
    {
        await using var virtualHost = onRabbitMq ? await TestVirtualHost.CreateAsync("attendance-trace") : null;
        using var folder = new TempFolder("attendance-trace");
        var spans = new SpanLog();
        var settings = new Dictionary<string, string?>
        {
            ["Ingress:WebhookSecrets:0"] = AttendanceTestHost.Secret,
            ["Ingress:Database:ConnectionString"] = folder.SqliteConnectionString("ingress"),
            ["Ingress:Relay:PollInterval"] = "00:00:00.200",
            ["Attendance:Database:ConnectionString"] = folder.SqliteConnectionString("attendance"),
        };
        foreach (var (key, value) in virtualHost?.BusSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        await using var host = await ModuleTestHost.StartAsync(
            settings,
            builder =>
            {
                builder.AddIngress();
                builder.AddAttendance();
                builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddPipelineSources().AddInMemoryExporter(spans));
            },
            bus => bus.AddAttendanceConsumers(),
            app =>
            {
                app.MapIngressApi();
                app.MapAttendanceApi();
            });
        if (virtualHost is not null)
        {
            await virtualHost.WaitForConsumerAsync(AttendanceExtensions.ServiceName);
        }

        var body = MeetingScenario.Deliveries("trace-" + Guid.NewGuid().ToString("N"))[1];
        var idempotencyKey = JsonDocument.Parse(body).RootElement.GetProperty("idempotencyKey").GetString();
        await SignedDelivery.DeliverAsync(host.Client, AttendanceTestHost.Secret, body);

        Activity? Intake() => spans.FirstOrDefault(span =>
            span.OperationName == "webhook intake" && (string?)span.GetTagItem("jaas.idempotency_key") == idempotencyKey);
        // A span is exported when it ends: the request's once its answer is written, the consumer's receive and process
        // spans after the commit inside them. So wait until the commit's whole path up to the root has been exported.
        await Eventually.WaitUntilAsync(
            () => Intake() is { } intake && spans.Of(intake.TraceId) is var trace &&
                  trace.FirstOrDefault(span => span.OperationName == "inbox commit") is { } commit && PathUp(commit, trace)[^1].ParentSpanId == default,
            Deadline,
            "the delivery's trace, from the attendance commit up to its root, is exported");

        var spansOfTrace = spans.Of(Intake()!.TraceId);
        var path = PathUp(spansOfTrace.Single(span => span.OperationName == "inbox commit"), spansOfTrace);
        Assert.That(
            path.Select(Describe),
            Is.EqualTo(new[]
            {
                "JaasPipeline.Messaging inbox commit",
                "MassTransit Consumer process",
                "MassTransit Consumer receive",
                "MassTransit Producer send",
                "JaasPipeline.Ingress outbox relay publish",
                "JaasPipeline.Ingress webhook intake",
                "Microsoft.AspNetCore Server",
            }),
            "from the attendance commit up to the webhook request, each span the parent of the one before");
        Assert.That((string?)path[1].GetTagItem(DiagnosticHeaders.ConsumerType), Does.EndWith("PresenceConsumer"));
    }

    // commit → consume → receive → send → relay → intake → request: each span's parent, until the root or a parent
    // not (yet) exported.
    private static List<Activity> PathUp(Activity span, IReadOnlyList<Activity> trace)
    {
        var path = new List<Activity> { span };
        while (path[^1].ParentSpanId != default && trace.FirstOrDefault(s => s.SpanId == path[^1].ParentSpanId) is { } parent)
        {
            path.Add(parent);
        }

        return path;
    }

    private static string Describe(Activity span) => span.Source.Name switch
    {
        DiagnosticHeaders.DefaultListenerName => $"MassTransit {span.Kind} {span.GetTagItem(DiagnosticHeaders.Messaging.Operation)}",
        "Microsoft.AspNetCore" => $"Microsoft.AspNetCore {span.Kind}",
        _ => $"{span.Source.Name} {span.OperationName}",
    };
}
