namespace JaasPipeline.Ingress.Outbox;

/// <summary>
/// What the webhook intake commits through <see cref="DeliveryWriter"/>: an accepted delivery
/// (<see cref="IncomingDelivery"/>) or the kept body of one refused as unusable (<see cref="RejectedDelivery"/>). Both
/// go through the one writer, so both have one Ingress:CommitTimeout and feed one readiness signal.
/// </summary>
public abstract record IntakeWrite;
