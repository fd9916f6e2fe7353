namespace JaasPipeline.Console.Meetings;

/// <summary>One stint or lobby wait on the timeline, in SVG user units; <see cref="Kind"/> is its CSS class.</summary>
public sealed record TimelineBar(double X, double Width, string Kind, string Title);
