using JaasPipeline.Traffic;
using System.Collections.Concurrent;

namespace JaasPipeline.Benchmark;

/// <summary>What a load sent and how the ingress answered each delivery; safe to use from many tasks.</summary>
internal sealed class DeliveryLog
{
    private readonly Lock gate = new();
    private readonly List<SentDelivery> accepted = [];
    private readonly ConcurrentDictionary<string, int> failures = new();
    private readonly ConcurrentDictionary<string, int> sentByType = new();
    private int sent;
    private int answered;
    private long firstSend = long.MaxValue;
    private long lastAnswer;
    private long lastAccept;

    /// <summary>Webhook latency: from the intended send time (open loop) or the send (closed loop) to the answer.</summary>
    public LatencyRecorder WebhookLatencies { get; } = new();

    public int Sent => Volatile.Read(ref sent);

    public int Answered => Volatile.Read(ref answered);

    public int AcceptedCount
    {
        get
        {
            lock (gate)
            {
                return accepted.Count;
            }
        }
    }

    public IReadOnlyList<SentDelivery> Accepted
    {
        get
        {
            lock (gate)
            {
                return [.. accepted];
            }
        }
    }

    public IReadOnlyDictionary<string, int> Failures => failures;

    public int FailureCount => failures.Values.Sum();

    public IReadOnlyDictionary<string, int> SentByType => sentByType;

    /// <summary>Stopwatch timestamps; <see cref="FirstSend"/> is long.MaxValue until something was sent.</summary>
    public long FirstSend => Interlocked.Read(ref firstSend);

    public long LastAnswer => Interlocked.Read(ref lastAnswer);

    public long LastAccept => Interlocked.Read(ref lastAccept);

    public void Sending(Delivery delivery, long timestamp)
    {
        Interlocked.Increment(ref sent);
        sentByType.AddOrUpdate(delivery.EventType, 1, (_, n) => n + 1);
        InterlockedMin(ref firstSend, timestamp);
    }

    public void AcceptedAt(SentDelivery delivery, long timestamp)
    {
        lock (gate)
        {
            accepted.Add(delivery);
        }

        InterlockedMax(ref lastAccept, timestamp);
        Answer(timestamp);
    }

    public void Failed(string failure, long timestamp)
    {
        failures.AddOrUpdate(failure, 1, (_, n) => n + 1);
        Answer(timestamp);
    }

    private void Answer(long timestamp)
    {
        Interlocked.Increment(ref answered);
        InterlockedMax(ref lastAnswer, timestamp);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private static void InterlockedMin(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value < current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
