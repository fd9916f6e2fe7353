namespace JaasPipeline.Analytics.Tests;

/// <summary>The gap windows and poll interval are validated at start-up, one line per bad setting naming its key.</summary>
public sealed class GapOptionsTests
{
    [TestCase(nameof(AnalyticsOptions.GapRecordingUploadWindow))]
    [TestCase(nameof(AnalyticsOptions.GapLeaveGrace))]
    [TestCase(nameof(AnalyticsOptions.GapRoomDestroyWindow))]
    [TestCase(nameof(AnalyticsOptions.GapTranscriptUploadWindow))]
    [TestCase(nameof(AnalyticsOptions.GapPollInterval))]
    public void ZeroOrTooLong_IsRefusedNamingTheKey(string property)
    {
        foreach (var value in new[] { TimeSpan.Zero, TimeSpan.FromDays(31) })
        {
            var options = new AnalyticsOptions();
            typeof(AnalyticsOptions).GetProperty(property)!.SetValue(options, value);

            var result = new AnalyticsOptionsValidator().Validate(null, options);

            Assert.That(result.Failures, Is.EquivalentTo(result.Failures!.Where(f => f.StartsWith($"Analytics:{property} ", StringComparison.Ordinal))).And.Count.EqualTo(1),
                $"{property} = {value}");
        }
    }

    [Test]
    public void Defaults_AreValid() =>
        Assert.That(new AnalyticsOptionsValidator().Validate(null, new AnalyticsOptions()).Succeeded, Is.True);
}
