using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace JaasPipeline.Ingress.Webhooks;

/// <summary>
/// The two ways a JaaS call proves itself (docs/jaas-reference.md, Delivery and Signature): the configured
/// Authorization header, the X-Jaas-Signature.
/// </summary>
public static class JaasRequestAuthentication
{
    /// <summary>Null when the Authorization header equals <paramref name="required"/> (compared in fixed time).</summary>
    public static AuthenticationRefusal? CheckAuthorization(HttpRequest request, string required) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), Encoding.UTF8.GetBytes(required))
            ? null
            : new AuthenticationRefusal("authorization", "The Authorization header does not match Ingress:RequiredAuthorization.");

    /// <summary>Null when the request carries a valid signature of <paramref name="body"/> with one of the configured secrets.</summary>
    public static AuthenticationRefusal? CheckSignature(HttpRequest request, byte[] body, IngressOptions settings, DateTimeOffset now)
    {
        var verdict = JaasSignature.Verify(
            request.Headers[JaasSignature.HeaderName], body, settings.WebhookSecrets, now, settings.SignatureTolerance);
        return verdict switch
        {
            SignatureVerdict.Valid => null,
            SignatureVerdict.MissingHeader => new AuthenticationRefusal("missing", $"The {JaasSignature.HeaderName} header is missing."),
            SignatureVerdict.Malformed => new AuthenticationRefusal("malformed", $"The {JaasSignature.HeaderName} header must look like t=<unix seconds>,v1=<base64>."),
            SignatureVerdict.OutsideTolerance => new AuthenticationRefusal("expired", $"The signature's timestamp is more than {settings.SignatureTolerance} from now."),
            _ => new AuthenticationRefusal("mismatch", "No v1 signature matches the body with any configured secret."),
        };
    }
}
