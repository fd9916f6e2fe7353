using System.Net;
using System.Text;
using JaasPipeline.Contracts.Tests;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Testing;

namespace JaasPipeline.Ingress.Tests;

/// <summary>Signed, randomly mutated reference examples through the real endpoint: 200, 400 or 413, never a 500.</summary>
public sealed class WebhookFuzzTests
{
    private const int MutantsPerType = 12;
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Ingress:MaxBodyBytes"] = "4096";
        settings["Ingress:MaxDataItems"] = "40";
        host = await IngressTestHost.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    public static IEnumerable<string> EventTypes() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(EventTypes))]
    public async Task MutatedReferenceExample_IsAnswered200Or400Or413(string eventType)
    {
        var example = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", eventType + ".json"));
        var seed = eventType.Aggregate(17, (hash, c) => unchecked(hash * 31 + c));
        var index = 0;
        foreach (var mutant in BodyMutations.Of(example, seed, MutantsPerType))
        {
            var signature = JaasSignature.Sign(Deliveries.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), mutant);

            var response = await host.Client.PostRawAsync(mutant, signature);

            Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge),
                $"mutant {index} of {eventType} (seed {seed}): {Encoding.UTF8.GetString(mutant)}");
            index++;
        }
    }
}
