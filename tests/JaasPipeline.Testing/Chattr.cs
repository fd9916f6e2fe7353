namespace JaasPipeline.Testing;

/// <summary>
/// The immutable flag (<c>chattr +i</c>): a file nobody can write, root included — what a full disk or a read-only
/// remount does to a database's commits, and undone with <c>chattr -i</c>.
/// </summary>
public static class Chattr
{
    /// <summary>Runs <c>chattr <paramref name="flag"/></c> on the files; false where that is not possible (no chattr, not root, a file system without the flag).</summary>
    public static async Task<bool> RunAsync(string flag, params string[] paths)
    {
        try
        {
            using var chattr = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", [flag, .. paths]) { RedirectStandardError = true })!;
            await chattr.WaitForExitAsync();
            return chattr.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no chattr on this machine
        }
    }
}
