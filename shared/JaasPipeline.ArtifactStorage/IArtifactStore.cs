namespace JaasPipeline.ArtifactStorage;

/// <summary>
/// Where the media-artifacts service keeps the files it downloads, and where other services read them.
/// Keys are relative, '/'-separated paths the media-artifacts service generates (never a payload's file name).
/// The filesystem store is the one implementation today; an object store fits the same four operations.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Moves a complete local file into the store under <paramref name="key"/>, replacing any file there.
    /// Readers see either nothing or the whole file, never part of it.</summary>
    Task PutAsync(string key, string completeLocalFile, CancellationToken cancellationToken);

    /// <summary>Opens the stored file for reading (seekable where the store allows), or null if there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the stored file; true if there was one.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>True if a file is stored under <paramref name="key"/>.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);
}
