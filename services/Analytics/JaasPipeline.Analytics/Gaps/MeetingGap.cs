namespace JaasPipeline.Analytics.Gaps;

/// <summary>A gap as the API answers it: <c>{ kind, detail, detectedAt }</c>, detectedAt the first evaluation that found it.</summary>
public sealed record MeetingGap(string Kind, GapDetail Detail, DateTimeOffset DetectedAt);
