using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using JaasPipeline.Messaging;

namespace JaasPipeline.Operations.Tests;

/// <summary>Counts <c>jaas_inbox_duplicates</c> by consumer while alive: how many copies each consumer's inbox dropped.</summary>
public sealed class InboxDuplicates : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> counts = new();

    public InboxDuplicates()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.MeterName && instrument.Name == "jaas_inbox_duplicates")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "consumer" && tag.Value is string consumer)
                {
                    counts.AddOrUpdate(consumer, value, (_, count) => count + value);
                }
            }
        });
        listener.Start();
    }

    public long Of(params string[] consumers) => consumers.Sum(consumer => counts.GetValueOrDefault(consumer));

    public void Dispose() => listener.Dispose();
}
