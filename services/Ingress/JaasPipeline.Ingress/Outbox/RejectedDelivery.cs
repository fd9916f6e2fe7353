namespace JaasPipeline.Ingress.Outbox;

/// <summary>
/// The body of an authenticated delivery refused as unusable, to be kept in rejected_deliveries with
/// <paramref name="Reason"/> and <paramref name="Detail"/> (the same bytes again are counted, not kept twice).
/// </summary>
public sealed record RejectedDelivery(byte[] Body, string Reason, string Detail) : IntakeWrite;
