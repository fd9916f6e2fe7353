using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>One deployable host of the repository, run as a child process from its own output folder.</summary>
public sealed record HostProgram(string Project, string Assembly, string ServiceName, string[] Sections)
{
    public static readonly HostProgram Ingress = new("services/Ingress/JaasPipeline.Ingress.Host", "JaasPipeline.Ingress.Host", "ingress", ["Ingress", "SettingsProvisioning", "Api"]);
    public static readonly HostProgram Attendance = new("services/Attendance/JaasPipeline.Attendance.Host", "JaasPipeline.Attendance.Host", "attendance", ["Attendance", "Api"]);
    public static readonly HostProgram MediaArtifacts = new("services/MediaArtifacts/JaasPipeline.MediaArtifacts.Host", "JaasPipeline.MediaArtifacts.Host", "media-artifacts", ["MediaArtifacts", "Api"]);
    public static readonly HostProgram Transcription = new("services/Transcription/JaasPipeline.Transcription.Host", "JaasPipeline.Transcription.Host", "transcription", ["Transcription", "Api"]);
    public static readonly HostProgram Analytics = new("services/Analytics/JaasPipeline.Analytics.Host", "JaasPipeline.Analytics.Host", "analytics", ["Analytics", "Api"]);
    public static readonly HostProgram Standalone = new("services/Standalone", "JaasPipeline.Standalone", "standalone",
        ["Ingress", "SettingsProvisioning", "Attendance", "MediaArtifacts", "Transcription", "Analytics", "Console", "Api"]);

    public static readonly HostProgram[] All = [Ingress, Attendance, MediaArtifacts, Transcription, Analytics, Standalone];

    public string Dll => ServiceProcess.HostDll(Project, Assembly);

    /// <summary>
    /// The sections with a database of their own: Api and SettingsProvisioning are parts of other modules, and the
    /// console calls the others' APIs.
    /// </summary>
    public IEnumerable<string> DatabaseSections => Sections.Where(s => s is not ("Api" or "SettingsProvisioning" or "Console"));

    /// <summary>What the host needs to start on its own: SQLite files in <paramref name="folder"/>, the in-memory bus, a secret.</summary>
    public Dictionary<string, string> SelfContainedSettings(string folder)
    {
        var settings = new Dictionary<string, string> { ["Messaging__Transport"] = "InMemory" };
        foreach (var section in DatabaseSections)
        {
            settings[$"{section}__Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "data", section + ".db")}";
        }

        if (Sections.Contains("Ingress"))
        {
            settings["Ingress__WebhookSecrets__0"] = "whsec_host_tests_0000000000000000";
        }

        return settings;
    }

    public override string ToString() => ServiceName;
}
