using System.Text.Json;
using JaasPipeline.Contracts;
using static JaasPipeline.Contracts.Tests.ReferenceFixtures;

namespace JaasPipeline.Contracts.Tests;

/// <summary>Random mutations of every reference example: the parser answers with an event or with errors, never throws.</summary>
public sealed class ParserFuzzTests
{
    private const int MutantsPerType = 400;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [TestCaseSource(typeof(ReferenceFixtures), nameof(WebhookEventTypes))]
    public void MutatedReferenceExample_IsParsedOrRefusedNeverThrows(string eventType)
    {
        var seed = StableSeed(eventType);
        var index = 0;
        foreach (var mutant in BodyMutations.Of(Read(eventType), seed, MutantsPerType))
        {
            JaasParseResult result;
            try
            {
                result = JaasEventParser.Parse(mutant, maxDataItems: 1_000);
            }
            catch (Exception exception)
            {
                Assert.Fail($"Parse threw {exception.GetType().Name} on mutant {index} of {eventType} (seed {seed}): " +
                            $"{exception.Message}\n{System.Text.Encoding.UTF8.GetString(mutant)}");
                return;
            }

            Assert.That(result.Event is null, Is.EqualTo(result.Errors.Count > 0), $"mutant {index} of {eventType}");
            if (result.Event is { } parsed)
            {
                // What MassTransit does with it next: the record must serialize and come back.
                var json = JsonSerializer.SerializeToUtf8Bytes(parsed, parsed.GetType(), Web);
                Assert.That(JsonSerializer.Deserialize(json, parsed.GetType(), Web), Is.Not.Null);
            }

            index++;
        }

        Assert.That(index, Is.EqualTo(MutantsPerType));
    }

    // string.GetHashCode differs per process; this does not, so a failing mutant can be found again.
    internal static int StableSeed(string text) => text.Aggregate(17, (hash, c) => unchecked(hash * 31 + c));
}
