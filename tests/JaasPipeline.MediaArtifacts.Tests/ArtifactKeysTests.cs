namespace JaasPipeline.MediaArtifacts.Tests;

public sealed class ArtifactKeysTests
{
    [TestCase("..")]
    [TestCase(".")]
    [TestCase(".partial")]
    [TestCase("a/b")]
    [TestCase("a\\b")]
    [TestCase("")]
    [TestCase("nul\0byte")]
    [TestCase("räum mit leerzeichen")]
    public void UnsafeSegment_BecomesAPlainNameThatIsNotTheOriginal(string value)
    {
        var segment = ArtifactKeys.Segment(value);

        Assert.That(segment, Does.Match("^[A-Za-z0-9_][A-Za-z0-9._-]*~[0-9a-f]{16}$"));
    }

    [Test]
    public void DifferentUnsafeValues_GetDifferentSegments() =>
        Assert.That(ArtifactKeys.Segment("a b"), Is.Not.EqualTo(ArtifactKeys.Segment("a_b")).And.Not.EqualTo(ArtifactKeys.Segment("a?b")));

    [Test]
    public void SafeSegment_IsKept() => Assert.That(ArtifactKeys.Segment("vpaas-magic-cookie-1a2b.room_1"), Is.EqualTo("vpaas-magic-cookie-1a2b.room_1"));

    [TestCase("../../x.MP4", null, ".mp4")]
    [TestCase("evil.sh;rm -rf", null, ".bin")]
    [TestCase(null, "https://s.8x8.vc/a/b/rec.webm?sig=../x", ".webm")]
    [TestCase(null, null, ".bin")]
    public void Extension_ComesFromAPlainSuffixOnly(string? fileName, string? url, string expected) =>
        Assert.That(ArtifactKeys.Extension(fileName, url), Is.EqualTo(expected));
}
