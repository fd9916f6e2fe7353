using JaasPipeline.Analytics;
using JaasPipeline.Attendance;
using JaasPipeline.MediaArtifacts;
using JaasPipeline.Messaging;
using JaasPipeline.Transcription;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Architecture.Tests;

// STYLE.md 6 and 9: a consumer is a small sealed class, and the endpoint settings of a service queue's consumers come
// from one definition (AddServiceQueueConsumer), not from a copy beside each consumer.
[TestFixture]
public sealed class ConsumerConventionTests
{
    private IReadOnlyList<Type> consumers = [];

    [OneTimeSetUp]
    public void FindConsumers() =>
        consumers = Modules.All().SelectMany(assembly => assembly.GetTypes()).Where(IsConsumer).ToList();

    [Test]
    public void ConsumerScan_FindsTheAnalyticsJournalConsumer()
    {
        // Guards the two tests below against passing because the scan found nothing.
        Assert.That(consumers.Select(consumer => consumer.FullName), Does.Contain("JaasPipeline.Analytics.EventJournalConsumer"));
    }

    [Test]
    public void Consumers_AreSealed()
    {
        var notSealed = consumers.Where(consumer => !consumer.IsSealed).Select(consumer => consumer.FullName);

        Assert.That(notSealed, Is.Empty, "consumers that are not sealed");
    }

    [Test]
    public void ServiceConsumers_AreOnTheirServiceQueueWithItsSettings()
    {
        var services = new ServiceCollection();
        services.AddMassTransit(bus =>
        {
            bus.AddAttendanceConsumers();
            bus.AddMediaArtifactsConsumers();
            bus.AddAnalyticsConsumers();
            bus.AddTranscriptionConsumers();
        });
        using var provider = services.BuildServiceProvider();
        var serviceConsumers = consumers.Where(consumer => Modules.ConsumerModules.Contains(consumer.Assembly.GetName().Name)).ToList();
        var formatter = KebabCaseEndpointNameFormatter.Instance;

        var endpoints = serviceConsumers.ToDictionary(consumer => consumer.FullName!, consumer =>
            provider.GetService(typeof(IEndpointDefinition<>).MakeGenericType(consumer)) is IEndpointDefinition endpoint
                ? $"{endpoint.GetEndpointName(formatter)} prefetch {endpoint.PrefetchCount} concurrency {endpoint.ConcurrentMessageLimit}"
                : "no endpoint definition");
        var expected = serviceConsumers.ToDictionary(consumer => consumer.FullName!, consumer =>
            $"{QueueOf(consumer.Assembly.GetName().Name!)} prefetch {ServiceQueueSettings.PrefetchCount} concurrency {ServiceQueueSettings.ConcurrentMessageLimit}");

        Assert.That(serviceConsumers, Is.Not.Empty);
        Assert.That(endpoints, Is.EqualTo(expected));
    }

    private static bool IsConsumer(Type type) =>
        type.IsClass && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>));

    private static string QueueOf(string module) => module switch
    {
        Modules.Attendance => AttendanceExtensions.ServiceName,
        Modules.MediaArtifacts => MediaArtifactsExtensions.ServiceName,
        Modules.Analytics => AnalyticsExtensions.ServiceName,
        Modules.Transcription => TranscriptionExtensions.ServiceName,
        _ => $"no service queue for {module}",
    };
}
