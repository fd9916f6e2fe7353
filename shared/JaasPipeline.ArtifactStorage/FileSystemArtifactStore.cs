namespace JaasPipeline.ArtifactStorage;

/// <summary>Stores artifacts as files under one root folder: key <c>a/b/c</c> is the file <c>{root}/a/b/c</c>.</summary>
public sealed class FileSystemArtifactStore : IArtifactStore
{
    private readonly string _root;

    public FileSystemArtifactStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The absolute root folder.</summary>
    public string Root => _root;

    public Task PutAsync(string key, string completeLocalFile, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // A rename within one filesystem is atomic: readers never see a half-written file. Callers keep their
        // partial files under the same root (see DownloadFolderFor), so this is a rename and not a copy.
        File.Move(completeLocalFile, target, overwrite: true);
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
            return Task.FromResult<Stream?>(null);
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
        return Task.FromResult<Stream?>(stream);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
            return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(PathOf(key)));

    /// <summary>A folder on the store's own filesystem for files still being written, so that <see cref="PutAsync"/>
    /// is a rename.</summary>
    public string DownloadFolderFor(string purpose)
    {
        var folder = Path.Combine(_root, ".partial", purpose);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The file a key names. Refuses keys that are absolute, empty, or climb out of the root.</summary>
    public string PathOf(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || Path.IsPathRooted(key) || key.Contains('\\') || key.Contains('\0'))
            throw new ArgumentException($"Not an artifact key: '{key}'.", nameof(key));
        var segments = key.Split('/');
        if (segments.Any(segment => segment is "" or "." or ".."))
            throw new ArgumentException($"Not an artifact key: '{key}'.", nameof(key));
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Not an artifact key: '{key}'.", nameof(key));
        return path;
    }
}
