using System.Reflection;
using MassTransit;

namespace JaasPipeline.Architecture.Tests;

// STYLE.md 6 and 9: a consumer is a small sealed class, and its endpoint settings sit in a ConsumerDefinition beside it.
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
    public void Consumers_HaveAConsumerDefinitionInTheirAssembly()
    {
        var withoutDefinition = consumers.Where(consumer => !HasDefinition(consumer)).Select(consumer => consumer.FullName);

        Assert.That(withoutDefinition, Is.Empty, "consumers without a ConsumerDefinition in their own assembly");
    }

    private static bool IsConsumer(Type type) =>
        type.IsClass && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>));

    private static bool HasDefinition(Type consumer)
    {
        if (consumer.ContainsGenericParameters)
        {
            // An open generic consumer cannot be named in a definition; it must not exist (STYLE.md 9: no base consumers).
            return false;
        }

        var definition = typeof(IConsumerDefinition<>).MakeGenericType(consumer);
        return consumer.Assembly.GetTypes().Any(type => type is { IsClass: true, IsAbstract: false } && definition.IsAssignableFrom(type));
    }
}
