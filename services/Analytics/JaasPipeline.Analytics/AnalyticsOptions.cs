using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Analytics;

/// <summary>The analytics service's settings (section <c>Analytics</c>; its database is <c>Analytics:Database</c>).</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>
    /// The folder the media-artifacts service stores files in (the same folder in the embedded default; a shared
    /// volume in production). Statistics files are read from there.
    /// </summary>
    [Description("Folder the statistics files are read from: the folder the media-artifacts service stores them in (a shared volume when they run on different machines); relative to the folder the host is started in.")]
    public string ArtifactStorageRoot { get; set; } = "./data/artifacts";

    /// <summary>How often the call-quality worker looks for statistics files still to summarize (it is also woken at once).</summary>
    [Description("How often the call-quality worker looks for statistics files still to summarize (it is also woken by each new one); more than 0, at most 1 hour.")]
    public TimeSpan QualityPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts at reading a statistics file before it is marked failed.</summary>
    [Description("Reads of a statistics file that fails (not gzip, read error) before it is marked failed (1 to 100).")]
    public int QualityMaxAttempts { get; set; } = 5;
}

/// <summary>One line per bad setting, naming the key.</summary>
public sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ArtifactStorageRoot))
        {
            failures.Add("Analytics:ArtifactStorageRoot must name a folder (e.g. ./data/artifacts).");
        }

        if (options.QualityPollInterval <= TimeSpan.Zero || options.QualityPollInterval > TimeSpan.FromHours(1))
        {
            failures.Add("Analytics:QualityPollInterval must be positive and at most one hour (e.g. 00:00:05).");
        }

        if (options.QualityMaxAttempts is < 1 or > 100)
        {
            failures.Add("Analytics:QualityMaxAttempts must be between 1 and 100.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
