namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>A bad setting stops start-up with a line naming it.</summary>
public sealed class MediaArtifactsOptionsTests
{
    [Test]
    public void Defaults_AreValid() =>
        Assert.That(new MediaArtifactsOptionsValidator().Validate(null, new MediaArtifactsOptions()).Succeeded, Is.True);

    [TestCase(nameof(MediaArtifactsOptions.MaxConcurrentDownloads), "MediaArtifacts:MaxConcurrentDownloads")]
    [TestCase(nameof(MediaArtifactsOptions.MaxBytes), "MediaArtifacts:MaxBytes")]
    [TestCase(nameof(MediaArtifactsOptions.AllowedHosts), "MediaArtifacts:AllowedHosts entry 'https://x/'")]
    public void BadValue_IsNamed(string property, string message)
    {
        var options = property switch
        {
            nameof(MediaArtifactsOptions.MaxConcurrentDownloads) => new MediaArtifactsOptions { MaxConcurrentDownloads = 0 },
            nameof(MediaArtifactsOptions.MaxBytes) => new MediaArtifactsOptions { MaxBytes = 0 },
            _ => new MediaArtifactsOptions { AllowedHosts = ["https://x/"] },
        };

        var result = new MediaArtifactsOptionsValidator().Validate(null, options);

        Assert.That(result.Failures, Has.One.StartsWith(message));
    }

    [Test]
    public void AllowedHostsFromConfiguration_ReplaceTheDefaults() =>
        Assert.That(new MediaArtifactsOptions { AllowedHosts = ["store.example.com"] }.EffectiveAllowedHosts, Is.EqualTo(new[] { "store.example.com" }));
}
