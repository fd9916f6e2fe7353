namespace JaasPipeline.Contracts;

/// <summary>A delivery whose eventType we do not know yet, kept raw (docs/jaas-reference.md, Delivery: the event list is not closed).</summary>
public sealed record UnknownJaasEvent : JaasEvent
{
    /// <summary>The <c>data</c> member as JSON text exactly as sent, or <c>null</c> when it was absent.</summary>
    public string DataJson { get; init; } = "null";
}
