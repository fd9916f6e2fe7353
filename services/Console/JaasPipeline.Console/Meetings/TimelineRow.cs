namespace JaasPipeline.Console.Meetings;

/// <summary>One participant's line on the timeline: their name and their bars.</summary>
public sealed record TimelineRow(string Label, IReadOnlyList<TimelineBar> Bars);
