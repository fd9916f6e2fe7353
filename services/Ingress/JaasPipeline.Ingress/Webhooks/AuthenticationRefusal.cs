namespace JaasPipeline.Ingress.Webhooks;

/// <summary>Why a request from JaaS was not authenticated: a metric reason and the problem's detail.</summary>
public sealed record AuthenticationRefusal(string Reason, string Detail);
