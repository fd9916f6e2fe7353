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
    [TestCase(nameof(MediaArtifactsOptions.MaxConcurrentDownloadsPerStorageHost), "MediaArtifacts:MaxConcurrentDownloadsPerStorageHost must be 1 to MaxConcurrentDownloads")]
    [TestCase(nameof(MediaArtifactsOptions.MaxConcurrentDownloadsPerMeeting), "MediaArtifacts:MaxConcurrentDownloadsPerMeeting must be 1 to MaxConcurrentDownloads")]
    [TestCase(nameof(MediaArtifactsOptions.MaxDownloadTime), "MediaArtifacts:MaxDownloadTime")]
    [TestCase(nameof(MediaArtifactsOptions.MaxUrlsPerList), "MediaArtifacts:MaxUrlsPerList")]
    public void BadValue_IsNamed(string property, string message)
    {
        var options = property switch
        {
            nameof(MediaArtifactsOptions.MaxConcurrentDownloads) => new MediaArtifactsOptions { MaxConcurrentDownloads = 0 },
            nameof(MediaArtifactsOptions.MaxBytes) => new MediaArtifactsOptions { MaxBytes = 0 },
            nameof(MediaArtifactsOptions.MaxConcurrentDownloadsPerStorageHost) => new MediaArtifactsOptions { MaxConcurrentDownloadsPerStorageHost = 5 },
            nameof(MediaArtifactsOptions.MaxConcurrentDownloadsPerMeeting) => new MediaArtifactsOptions { MaxConcurrentDownloadsPerMeeting = 0 },
            nameof(MediaArtifactsOptions.MaxDownloadTime) => new MediaArtifactsOptions { MaxDownloadTime = TimeSpan.Zero },
            nameof(MediaArtifactsOptions.MaxUrlsPerList) => new MediaArtifactsOptions { MaxUrlsPerList = 0 },
            _ => new MediaArtifactsOptions { AllowedHosts = ["https://x/"] },
        };

        var result = new MediaArtifactsOptionsValidator().Validate(null, options);

        Assert.That(result.Failures, Has.One.StartsWith(message));
    }

    [Test]
    public void AllowedHostsFromConfiguration_ReplaceTheDefaults() =>
        Assert.That(new MediaArtifactsOptions { AllowedHosts = ["store.example.com"] }.EffectiveAllowedHosts, Is.EqualTo(new[] { "store.example.com" }));

    [TestCase(1, 1, 1)]
    [TestCase(4, 3, 2)]
    [TestCase(5, 4, 3)]
    public void SharesNotSet_AreAllButOneSlotPerHostAndHalfRoundedUpPerMeeting(int slots, int perHost, int perMeeting)
    {
        var options = new MediaArtifactsOptions { MaxConcurrentDownloads = slots };

        Assert.That(DownloadShares.Of(options), Is.EqualTo(new DownloadShares(perHost, perMeeting)));
    }
}
