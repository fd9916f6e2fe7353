namespace JaasPipeline.Operations.Tests;

/// <summary>Which key goes to which service: the most specific wins, and for one kind the command line over the environment.</summary>
public sealed class ServiceKeysTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["JAAS_API_KEY"] = "env-operator",
        ["JAAS_API_KEY_MEDIA_ARTIFACTS"] = "env-media",
        ["JAAS_API_KEY_ANALYTICS"] = "env-analytics",
    };

    [TestCase("ingress", "cli-operator", "--api-key")]
    [TestCase("attendance", "cli-attendance", "--api-key-for attendance")]
    [TestCase("media-artifacts", "env-media", "JAAS_API_KEY_MEDIA_ARTIFACTS")]
    [TestCase("analytics", "cli-analytics", "--api-key-for analytics")]
    [TestCase("standalone", "cli-operator", "--api-key")]
    public void EachService_GetsItsMostSpecificKey(string service, string key, string source)
    {
        Assert.That(ServiceKeys.TryRead("cli-operator", ["attendance=cli-attendance", "analytics=cli-analytics"], out var keys, out _, Environment.GetValueOrDefault), Is.True);

        Assert.That(keys.For(service), Is.EqualTo(key));
        Assert.That(keys.SourceOf(service), Is.EqualTo(source));
    }

    [Test]
    public void WithoutApiKey_TheEnvironmentsOperatorKeyIsUsed()
    {
        Assert.That(ServiceKeys.TryRead(null, [], out var keys, out _, Environment.GetValueOrDefault), Is.True);

        Assert.That(keys.For("transcription"), Is.EqualTo("env-operator"));
        Assert.That(keys.SourceOf("transcription"), Is.EqualTo("JAAS_API_KEY"));
    }

    [Test]
    public void NothingGiven_HasNoKey()
    {
        Assert.That(ServiceKeys.TryRead(null, null, out var keys, out _, _ => null), Is.True);

        Assert.That(keys.Any, Is.False);
        Assert.That(keys.For("ingress"), Is.Null);
    }

    [TestCase("media-artifacts", "JAAS_API_KEY_MEDIA_ARTIFACTS")]
    [TestCase("ingress", "JAAS_API_KEY_INGRESS")]
    public void VariableFor_UpperCasesAndReplacesDashes(string service, string variable) =>
        Assert.That(ServiceKeys.VariableFor(service), Is.EqualTo(variable));
}
