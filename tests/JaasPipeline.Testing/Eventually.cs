namespace JaasPipeline.Testing;

/// <summary>Waits for a condition with a deadline, polling: the way tests synchronise with background work.</summary>
public static class Eventually
{
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var giveUpAt = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUpAt)
            {
                Assert.Fail($"Timed out after {deadline} waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan deadline, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), deadline, what);
}
