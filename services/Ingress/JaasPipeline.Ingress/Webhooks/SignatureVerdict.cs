using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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
