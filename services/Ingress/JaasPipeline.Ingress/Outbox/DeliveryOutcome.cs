namespace JaasPipeline.Ingress.Outbox;

/// <summary>What committing a delivery did.</summary>
public enum DeliveryOutcome
{
    Accepted,
    Duplicate,
    Conflict,

    /// <summary>A <see cref="RejectedDelivery"/>'s body is kept in rejected_deliveries (or counted again there).</summary>
    Rejected,
}
