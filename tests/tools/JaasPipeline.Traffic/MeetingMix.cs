namespace JaasPipeline.Traffic;

/// <summary>
/// Many meetings at once: each delivery comes from one of <c>concurrentMeetings</c> running meetings, picked at
/// random, so deliveries of different meetings interleave as they do for a real tenant; a meeting that has sent its
/// last event is replaced by a new one. Safe to call from many tasks.
/// </summary>
public sealed class MeetingMix(int concurrentMeetings, int seed, TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Random random = new(seed);
    private readonly Meeting?[] running = new Meeting?[concurrentMeetings];

    public int MeetingsStarted { get; private set; }

    public Delivery Next()
    {
        lock (gate)
        {
            var slot = random.Next(running.Length);
            while (true)
            {
                if (running[slot] is { } meeting && meeting.TryTake(out var delivery))
                {
                    return delivery;
                }

                running[slot] = Meeting.Plan(random, clock.GetUtcNow());
                MeetingsStarted++;
            }
        }
    }
}
