namespace JaasPipeline.Ingress.Webhooks;

/// <summary>The answer to a delivery JaaS may stop sending: <c>accepted</c>, <c>duplicate</c> or <c>conflict</c>, and the delivery's idempotency key.</summary>
public sealed record WebhookAnswer(string Outcome, string IdempotencyKey);
