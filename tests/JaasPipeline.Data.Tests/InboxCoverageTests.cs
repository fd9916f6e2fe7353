using System.Text.Json;
using System.Text.Json.Nodes;
using JaasPipeline.Analytics;
using JaasPipeline.Attendance;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using JaasPipeline.Messaging;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// Architecture test, read from MassTransit's own description of the running bus (its probe): every consumer on a
/// service queue runs inside the inbox, including one registered with plain AddConsumer.
/// </summary>
public sealed class InboxCoverageTests
{
    [Test]
    public async Task EveryConsumerOnAServiceQueue_RunsInsideTheInbox()
    {
        using var folder = new TempFolder("jaas-inbox-coverage");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "InMemory",
            ["Attendance:Database:ConnectionString"] = folder.SqliteConnectionString("attendance"),
            ["Analytics:Database:ConnectionString"] = folder.SqliteConnectionString("analytics"),
        });
        builder.AddAttendance();
        builder.AddAnalytics();
        builder.Services.AddJaasMessaging(builder.Configuration, bus =>
        {
            bus.AddAttendanceConsumers();
            bus.AddAnalyticsConsumers();
            // A consumer added to a service queue the plain MassTransit way, with no help from this project.
            bus.AddConsumer<StrayJournalConsumer, StrayJournalConsumerDefinition>();
        });
        using var host = builder.Build();
        var probe = JsonSerializer.SerializeToNode(host.Services.GetRequiredService<IBusControl>().GetProbeResult())!;

        // One node per consumer and message type: {"type": <consumer>, "consumerFactory": …, "filters": …, "consume": …}.
        var consumers = Descendants(probe).OfType<JsonObject>().Where(node => node["consumerFactory"] is not null).ToList();
        var expected = new[]
        {
            "RoomLifecycleConsumer", "PresenceConsumer", "PhoneCallConsumer", "RoleChangedConsumer", "EventJournalConsumer",
            nameof(StrayJournalConsumer),
        };

        Assert.That(consumers.Select(ShortName).Distinct(), Is.SupersetOf(expected), probe.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Assert.That(consumers.Where(c => !Descendants(c).Any(IsInbox)).Select(ShortName), Is.Empty, "consumers without the inbox");
    }

    private static bool IsInbox(JsonNode node) => node is JsonObject o && o["filterType"]?.GetValue<string>() == "inbox";

    private static string ShortName(JsonNode consumer) => consumer["type"]!.GetValue<string>().Split('.', '+').Last();

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).OfType<JsonNode>().SelectMany(child => new[] { child }.Concat(Descendants(child))),
        JsonArray a => a.OfType<JsonNode>().SelectMany(child => new[] { child }.Concat(Descendants(child))),
        _ => [],
    };

    /// <summary>Stands for a team's consumer added beside the analytics journal.</summary>
    public sealed class StrayJournalConsumer : IConsumer<JaasPipeline.Contracts.SpeakerStatsReported>
    {
        public Task Consume(ConsumeContext<JaasPipeline.Contracts.SpeakerStatsReported> context) => Task.CompletedTask;
    }

    public sealed class StrayJournalConsumerDefinition : ConsumerDefinition<StrayJournalConsumer>
    {
        public StrayJournalConsumerDefinition() => EndpointName = AnalyticsExtensions.ServiceName;
    }
}
