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
}

public sealed class SettingsProvisioningOptionsValidator : IValidateOptions<SettingsProvisioningOptions>
{
    public ValidateOptionsResult Validate(string? name, SettingsProvisioningOptions options) =>
        options.RefreshInterval < TimeSpan.FromMilliseconds(100) || options.RefreshInterval > TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Fail("SettingsProvisioning:RefreshInterval must be between 00:00:00.100 and 1.00:00:00.")
            : ValidateOptionsResult.Success;
}
