using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress;

/// <summary>Settings of <c>POST /settings-provisioning</c> (section <c>SettingsProvisioning</c>).</summary>
public sealed class SettingsProvisioningOptions
{
    public const string Section = "SettingsProvisioning";

    /// <summary>
    /// Answer callers that present neither a signature nor the Authorization header when neither is configured.
    /// An open endpoint hands out every room's passcode, so this must be asked for explicitly.
    /// </summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>Also emit the older reference's field name <c>transcriber</c> next to <c>transcriberType</c>.</summary>
    public bool EmitLegacyTranscriber { get; set; }

    /// <summary>How often the in-memory rules are reloaded (to see changes made on other instances).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The rules as last loaded, kept on disk (they hold passcodes: protect the folder) and served when the database
    /// cannot be read at start-up. Relative paths are under the folder the host is started in.
    /// </summary>
    public string SnapshotFile { get; set; } = "data/room-settings.json";
}

public sealed class SettingsProvisioningOptionsValidator : IValidateOptions<SettingsProvisioningOptions>
{
    public ValidateOptionsResult Validate(string? name, SettingsProvisioningOptions options)
    {
        var failures = new List<string>();
        if (options.RefreshInterval < TimeSpan.FromMilliseconds(100) || options.RefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add("SettingsProvisioning:RefreshInterval must be between 00:00:00.100 and 1.00:00:00.");
        }

        if (string.IsNullOrWhiteSpace(options.SnapshotFile))
        {
            failures.Add("SettingsProvisioning:SnapshotFile must name a file (the rules served when the database is down at start-up).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
