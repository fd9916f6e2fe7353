using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// A fresh folder that looks like a clone of the repository to a command run in it: a symbolic link to each top-level
/// entry (build output included), but no data folders, logs or dot files, so what the command writes there
/// (<c>./data</c>, <c>*.log</c>) is this folder's own. Deleted on dispose, the links first, so that deleting the folder
/// can never reach into the repository.
/// </summary>
public sealed class LinkedClone : IDisposable
{
    private readonly TempFolder folder;
    private readonly List<string> links = [];

    public LinkedClone(string prefix)
    {
        folder = new TempFolder(prefix);
        foreach (var entry in new DirectoryInfo(ServiceProcess.RepositoryRoot).EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith('.') || entry.Name.StartsWith("data", StringComparison.Ordinal) || entry.Name.EndsWith(".log", StringComparison.Ordinal))
            {
                continue;
            }

            var link = System.IO.Path.Combine(folder.Path, entry.Name);
            File.CreateSymbolicLink(link, entry.FullName);
            links.Add(link);
        }
    }

    public string Path => folder.Path;

    /// <summary>Every <c>*.log</c> file the commands wrote here, each under its name (for a failure message).</summary>
    public string Logs() =>
        string.Concat(Directory.GetFiles(Path, "*.log").Order(StringComparer.Ordinal)
            .Select(log => $"\n--- {System.IO.Path.GetFileName(log)}:\n{File.ReadAllText(log)}"));

    public void Dispose()
    {
        foreach (var link in links)
        {
            File.Delete(link); // unlinks: the target is untouched
        }

        folder.Dispose();
    }
}
