using MassTransit;
using JaasPipeline.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data.Tests;

/// <summary>A customer's pipeline does not phone home: MassTransit 8 reports usage to its vendor unless told not to.</summary>
public sealed class UsageTelemetryTests
{
    [TestCase("InMemory")]
    [TestCase("RabbitMq")]
    public void AddJaasMessaging_SwitchesMassTransitUsageTelemetryOff(string transport)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Messaging:Transport"] = transport })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddJaasMessaging(configuration).BuildServiceProvider();

        Assert.That(services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled, Is.False);
    }
}
