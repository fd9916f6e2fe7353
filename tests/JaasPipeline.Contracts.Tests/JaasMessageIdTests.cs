using JaasPipeline.Contracts;

namespace JaasPipeline.Contracts.Tests;

/// <summary>A delivery's MessageId derives from its idempotencyKey alone, as an RFC 9562 version 5 UUID.</summary>
public sealed class JaasMessageIdTests
{
    [Test]
    public void SameKey_GivesTheSameId()
    {
        var first = JaasMessageId.FromIdempotencyKey("d11f155d-ced5-4a7e-b6d9-aaa135c64f65");
        var again = JaasMessageId.FromIdempotencyKey(new string("d11f155d-ced5-4a7e-b6d9-aaa135c64f65".ToCharArray()));

        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void DifferentKeys_GiveDifferentIds()
    {
        string[] keys =
        [
            "d11f155d-ced5-4a7e-b6d9-aaa135c64f65", "D11F155D-CED5-4A7E-B6D9-AAA135C64F65", "c2b42ad3d-12a6-5908-cf38-f21ae2451fc0",
            "e95c6d20-41e3-4944-9c37-46b786abf1113", "e95c6d20-41e3-4944-9c37-46b786abf111", "", " ", "é", "e\u0301",
        ];

        var ids = keys.Select(JaasMessageId.FromIdempotencyKey).ToList();

        Assert.That(ids, Is.Unique);
    }

    [TestCase("d11f155d-ced5-4a7e-b6d9-aaa135c64f65")]
    [TestCase("not-a-guid-at-all")]
    [TestCase("")]
    public void Id_IsVersion5WithTheRfcVariant(string idempotencyKey)
    {
        var id = JaasMessageId.FromIdempotencyKey(idempotencyKey).ToString("D");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(id[14], Is.EqualTo('5'), "version nibble");
            Assert.That(id[19], Is.AnyOf('8', '9', 'a', 'b'), "variant bits 10");
        }
    }

    [Test]
    public void NameBasedUuid_MatchesTheRfc9562TestVector()
    {
        // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
        var dnsNamespace = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        var id = JaasMessageId.NameBased(dnsNamespace, "www.example.com");

        Assert.That(id, Is.EqualTo(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2")));
    }

    [Test]
    public void NullKey_Throws()
    {
        Assert.That(() => JaasMessageId.FromIdempotencyKey(null!), Throws.ArgumentNullException);
    }
}
