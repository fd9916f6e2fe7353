using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data;

/// <summary>How the retention service of every database works (section <c>Retention</c>); how long each table keeps its rows is the owning module's setting.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// The most rows one DELETE statement removes. SQL Server escalates a statement's row locks to a table lock at
    /// about 5,000 locks on one table or index, which would stop the ingress's inserts: 2,000 stays well below.
    /// </summary>
    public const int MaxSliceSize = 2_000;

    /// <summary>The pause after a pass that found nothing more due.</summary>
    [Description("Pause of each database's retention after a pass that left nothing due (at most 1 day).")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows per DELETE statement (1 to <see cref="MaxSliceSize"/>).</summary>
    [Description("Rows per retention DELETE statement, 1 to 2000 (more lets SQL Server lock the whole table).")]
    public int SliceSize { get; set; } = MaxSliceSize;
}

/// <summary>One line per bad setting, naming the key.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.Interval <= TimeSpan.Zero || options.Interval > TimeSpan.FromDays(1))
        {
            failures.Add("Retention:Interval must be positive and at most one day (e.g. 00:01:00).");
        }

        if (options.SliceSize is < 1 or > RetentionOptions.MaxSliceSize)
        {
            failures.Add($"Retention:SliceSize must be between 1 and {RetentionOptions.MaxSliceSize} (more rows per statement lets SQL Server lock the whole table).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
