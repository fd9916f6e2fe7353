using System.Security.Cryptography;
using System.Text;

namespace JaasPipeline.Contracts;

/// <summary>Derives the bus MessageId of a webhook delivery from its idempotencyKey, so a republish keeps its id.</summary>
public static class JaasMessageId
{
    // Never change this value: every MessageId derives from it, and inboxes deduplicate on MessageId.
    private static readonly Guid IdempotencyKeyNamespace = new("eebedb75-147f-40cb-a67b-f175f6b5dd28");

    /// <summary>The name-based (RFC 9562 version 5) UUID of <paramref name="idempotencyKey"/>.</summary>
    public static Guid FromIdempotencyKey(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return NameBased(IdempotencyKeyNamespace, idempotencyKey);
    }

    // RFC 9562 section 5.5: SHA-1 over namespace (network byte order) + name, first 16 bytes, version 5, variant 10.
    // SHA-1 is what the RFC prescribes for version 5; nothing here relies on it being collision resistant.
    internal static Guid NameBased(Guid nameSpace, string name)
    {
        Span<byte> namespaceBytes = stackalloc byte[16];
        nameSpace.TryWriteBytes(namespaceBytes, bigEndian: true, out _);

        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(namespaceBytes);
        sha1.AppendData(Encoding.UTF8.GetBytes(name));
        Span<byte> hash = stackalloc byte[20];
        sha1.GetHashAndReset(hash);

        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
