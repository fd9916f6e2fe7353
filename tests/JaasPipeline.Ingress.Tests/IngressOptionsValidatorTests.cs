using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Ingress.RoomSettings;
using JaasPipeline.Testing;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.Tests;

/// <summary>Bad settings stop start-up with one line per setting, naming the key.</summary>
public sealed class IngressOptionsValidatorTests
{
    private readonly IngressOptionsValidator validator = new();

    [Test]
    public void NoSecretAndSignedRequired_FailsNamingTheKey()
    {
        var result = validator.Validate(null, new IngressOptions());

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.One.Contains("Ingress:WebhookSecrets is empty").And.Contains("Ingress:AllowUnsigned=true"));
    }

    [TestCase(15, false)]
    [TestCase(16, true)]
    [TestCase(4096, true)]
    [TestCase(4097, false)]
    public void SettingsProvisioningMaxRoomNameLength_IsBetween16And4096(int length, bool valid)
    {
        var result = new SettingsProvisioningOptionsValidator().Validate(null, new SettingsProvisioningOptions { MaxRoomNameLength = length });

        Assert.That(result.Succeeded, Is.EqualTo(valid));
        if (!valid)
        {
            Assert.That(result.Failures, Has.One.Contains("SettingsProvisioning:MaxRoomNameLength"));
        }
    }

    [Test]
    public void NoSecretButAllowUnsigned_IsValid()
    {
        Assert.That(validator.Validate(null, new IngressOptions { AllowUnsigned = true }).Succeeded, Is.True);
    }

    [Test]
    public void BlankSecretBesideARealOne_Fails()
    {
        // A blank entry (e.g. an empty Ingress__WebhookSecrets__1) would be an empty HMAC key anyone can sign with.
        var result = validator.Validate(null, new IngressOptions { WebhookSecrets = [Deliveries.Secret, ""] });

        Assert.That(result.Failures, Has.One.Contains("blank entry"));
    }

    [Test]
    public void SecretWithoutPrefix_Fails()
    {
        var result = validator.Validate(null, new IngressOptions { WebhookSecrets = ["9635df66714a4cf088ee9d0979dd3bf6"] });

        Assert.That(result.Failures, Has.One.Contains("whsec_"));
    }

    [Test]
    public void SeveralBadSettings_EachGetsItsOwnLine()
    {
        var options = new IngressOptions
        {
            WebhookSecrets = [Deliveries.Secret],
            MaxBodyBytes = 10,
            SignatureTolerance = TimeSpan.Zero,
            Relay = new RelayOptions { BatchSize = 0, PublishTimeout = TimeSpan.FromMinutes(1), ClaimLease = TimeSpan.FromMinutes(1) },
        };

        var failures = validator.Validate(null, options).Failures!.ToList();

        Assert.That(failures, Has.Count.EqualTo(4));
        Assert.That(failures, Has.Some.StartsWith("Ingress:MaxBodyBytes"));
        Assert.That(failures, Has.Some.StartsWith("Ingress:SignatureTolerance"));
        Assert.That(failures, Has.Some.StartsWith("Ingress:Relay:BatchSize"));
        Assert.That(failures, Has.Some.StartsWith("Ingress:Relay:ClaimLease"));
    }

    [TestCase("00:00:00.050")]
    [TestCase("00:05:00")]
    public void CommitTimeoutOutOfRange_FailsNamingTheKey(string timeout)
    {
        var options = new IngressOptions { WebhookSecrets = [Deliveries.Secret], CommitTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.That(validator.Validate(null, options).Failures, Has.One.StartsWith("Ingress:CommitTimeout"));
    }

    [TestCase(0)]
    [TestCase(2_000_000)]
    public void MaxDataItemsOutOfRange_FailsNamingTheKey(int items)
    {
        var options = new IngressOptions { WebhookSecrets = [Deliveries.Secret], MaxDataItems = items };

        Assert.That(validator.Validate(null, options).Failures, Has.One.StartsWith("Ingress:MaxDataItems"));
    }

    [TestCase("00:00:00.500")]
    [TestCase("00:10:00")]
    public void BodyReadTimeoutOutOfRange_FailsNamingTheKey(string timeout)
    {
        var options = new IngressOptions { WebhookSecrets = [Deliveries.Secret], BodyReadTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.That(validator.Validate(null, options).Failures, Has.One.StartsWith("Ingress:BodyReadTimeout"));
    }

    [TestCase(1024L * 1024 - 1)]
    [TestCase(int.MaxValue + 1L)]
    public void MaxBodyBytesInFlightOutOfRange_FailsNamingTheKey(long bytes)
    {
        // Below MaxBodyBytes a delivery of the largest size could never be admitted.
        var options = new IngressOptions { WebhookSecrets = [Deliveries.Secret], MaxBodyBytesInFlight = bytes };

        Assert.That(validator.Validate(null, options).Failures, Has.One.StartsWith("Ingress:MaxBodyBytesInFlight").And.Contains("Ingress:MaxBodyBytes (1048576)"));
    }

    [Test]
    public void HostWithoutSecret_RefusesToStart()
    {
        using var folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings.Remove("Ingress:WebhookSecrets:0");

        var failure = Assert.ThrowsAsync<OptionsValidationException>(async () => await IngressTestHost.StartAsync(settings));

        Assert.That(failure!.Message, Does.Contain("Ingress:WebhookSecrets is empty"));
    }
}
