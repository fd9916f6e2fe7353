namespace JaasPipeline.Contracts;

/// <summary>The outcome of <see cref="JaasEventParser.Parse(string)"/>: the event, or every problem found.</summary>
public sealed record JaasParseResult(JaasEvent? Event, IReadOnlyList<JaasFieldError> Errors)
{
    /// <summary>True when there are no errors; <see cref="Event"/> is then set.</summary>
    public bool IsValid => Errors.Count == 0;
}
