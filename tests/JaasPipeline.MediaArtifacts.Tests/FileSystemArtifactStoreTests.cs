using JaasPipeline.ArtifactStorage;

namespace JaasPipeline.MediaArtifacts.Tests;

public sealed class FileSystemArtifactStoreTests
{
    private string _root = "";
    private FileSystemArtifactStore _store = null!;

    [SetUp]
    public void CreateStore()
    {
        _root = Path.Combine(Path.GetTempPath(), "jaas-store-" + Guid.NewGuid().ToString("N"));
        _store = new FileSystemArtifactStore(_root);
    }

    [TearDown]
    public void RemoveStore() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task PutThenRead_GivesTheSameBytesAndTheKeyNamesTheFile()
    {
        var partial = Path.Combine(_store.DownloadFolderFor("test"), "one.part");
        await File.WriteAllBytesAsync(partial, [1, 2, 3]);

        await _store.PutAsync("app/room/session/recording/file.mp4", partial, CancellationToken.None);

        await using var read = await _store.OpenReadAsync("app/room/session/recording/file.mp4", CancellationToken.None);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.That(copy.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(File.Exists(partial), Is.False, "the partial file is moved, not copied");
        Assert.That(File.Exists(Path.Combine(_root, "app", "room", "session", "recording", "file.mp4")), Is.True);
    }

    [TestCase("../outside")]
    [TestCase("a/../../outside")]
    [TestCase("/etc/passwd")]
    [TestCase("a//b")]
    [TestCase("a\\..\\b")]
    [TestCase("")]
    public void KeyThatIsNotARelativePathInsideTheRoot_IsRefused(string key) =>
        Assert.That(() => _store.PathOf(key), Throws.ArgumentException);

    [Test]
    public async Task MissingKey_ReadsAsNullAndDeletesAsFalse()
    {
        Assert.That(await _store.OpenReadAsync("a/b", CancellationToken.None), Is.Null);
        Assert.That(await _store.DeleteAsync("a/b", CancellationToken.None), Is.False);
        Assert.That(await _store.ExistsAsync("a/b", CancellationToken.None), Is.False);
    }
}
