namespace JaasPipeline.Testing;

/// <summary>The system clock moved by an offset the test sets: tests jump past an expiry or a window instead of waiting,
/// while timers and delays stay real (so the worker's polling still runs).</summary>
public sealed class ShiftableClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
        set => Interlocked.Exchange(ref offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
