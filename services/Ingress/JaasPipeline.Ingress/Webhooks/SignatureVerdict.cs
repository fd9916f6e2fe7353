namespace JaasPipeline.Ingress.Webhooks;

/// <summary>What checking an <c>X-Jaas-Signature</c> header found.</summary>
public enum SignatureVerdict
{
    Valid,
    MissingHeader,
    Malformed,
    OutsideTolerance,
    NoMatch,
}
