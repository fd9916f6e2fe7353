using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JaasPipeline.Ingress.Webhooks;

/// <summary>
/// The <c>X-Jaas-Signature</c> scheme (docs/webhook-signature.md): header <c>t=&lt;unix s&gt;,v1=&lt;base64&gt;[,v1=…]</c>;
/// HMAC-SHA256 keyed with the UTF-8 of the whole <c>whsec_</c> secret over <c>t + "." + raw body</c>.
/// </summary>
public static class JaasSignature
{
    public const string HeaderName = "X-Jaas-Signature";

    /// <summary>Checks <paramref name="header"/> against the raw body with every configured secret.</summary>
    public static SignatureVerdict Verify(
        string? header, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureVerdict.MissingHeader;
        }

        string? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var element in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // Split on the FIRST '=' only: base64 values end in '='.
            var equals = element.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var scheme = element[..equals];
            var value = element[(equals + 1)..];
            if (scheme == "t")
            {
                timestamp = value;
            }
            else if (scheme == "v1" && Base64.IsValid(value))
            {
                // Other schemes are ignored on purpose (downgrade protection).
                signatures.Add(Convert.FromBase64String(value));
            }
        }

        if (timestamp is null || signatures.Count == 0 ||
            !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds))
        {
            return SignatureVerdict.Malformed;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - unixSeconds) > tolerance.TotalSeconds)
        {
            return SignatureVerdict.OutsideTolerance;
        }

        foreach (var secret in secrets)
        {
            var expected = Compute(secret, timestamp, body);
            foreach (var signature in signatures)
            {
                if (CryptographicOperations.FixedTimeEquals(expected, signature))
                {
                    return SignatureVerdict.Valid;
                }
            }
        }

        return SignatureVerdict.NoMatch;
    }

    /// <summary>The header value JaaS would send for this body at <paramref name="unixSeconds"/> (tests, curl, benchmark).</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var timestamp = unixSeconds.ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Convert.ToBase64String(Compute(secret, timestamp, body))}";
    }

    private static byte[] Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        // Signed bytes: UTF-8 of "<t as sent>." followed by the body exactly as received.
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
