using System.Text.RegularExpressions;
using JaasPipeline.Testing;

namespace JaasPipeline.Console.Tests;

/// <summary>
/// The overview of a Standalone on the real RabbitMQ (a virtual host of its own): each service queue's ready messages
/// and consumers, as the broker counts them.
/// </summary>
public sealed partial class RabbitMqOverviewTests
{
    [Test]
    public async Task EachServiceQueue_ShowsItsReadyMessagesAndConsumers_AsTheBrokerCountsThem()
    {
        await using var virtualHost = await TestVirtualHost.CreateAsync("console-overview");
        using var folder = new TempFolder("console-rabbitmq");
        var environment = virtualHost.BusSettings.ToDictionary(setting => setting.Key.Replace(":", "__"), setting => setting.Value!);
        environment["Ingress__WebhookSecrets__0"] = ConsoleDeployment.Secret;
        environment["Api__Keys__0"] = ConsoleDeployment.OperatorKey;
        environment["Console__ApiKey"] = ConsoleDeployment.OperatorKey;
        await using var standalone = await ServiceProcess.StartAsync(ConsoleDeployment.StandaloneDll, folder.Path, environment);
        foreach (var queue in new[] { "attendance", "media-artifacts", "transcription", "analytics" })
        {
            await virtualHost.WaitForConsumerAsync(queue);
        }

        using var console = new ConsoleHttp(standalone.Address);
        using (var signIn = await console.SignInAsync(ConsoleDeployment.OperatorKey))
        {
            Assert.That((int)signIn.StatusCode, Is.EqualTo(302));
        }

        var overview = await (await console.GetAsync("/console")).Content.ReadAsStringAsync();
        var shown = QueueRow().Matches(overview).ToDictionary(row => row.Groups["queue"].Value, row => (Ready: row.Groups["ready"].Value, Consumers: row.Groups["consumers"].Value));
        var broker = await virtualHost.Broker.QueuesAsync(virtualHost.Name);

        Assert.That(shown.Keys, Is.EquivalentTo(new[] { "analytics", "attendance", "media-artifacts", "transcription" }), overview);
        foreach (var (queue, row) in shown)
        {
            Assert.That(row, Is.EqualTo((Ready: "0", Consumers: broker.Single(q => q.Name == queue).Consumers.ToString(System.Globalization.CultureInfo.InvariantCulture))), queue);
        }
    }

    [GeneratedRegex("""<tr>\s*<td>(?<queue>[a-z-]+)</td>\s*<td>(?<ready>\d+)</td>\s*<td[^>]*>(?<consumers>\d+)</td>\s*<td>[a-z-]+_error</td>""")]
    private static partial Regex QueueRow();
}
