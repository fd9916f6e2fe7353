using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.RoomSettings;

public sealed class SettingsProvisioningOptionsValidator : IValidateOptions<SettingsProvisioningOptions>
{
    public ValidateOptionsResult Validate(string? name, SettingsProvisioningOptions options)
    {
        var failures = new List<string>();
        if (options.RefreshInterval < TimeSpan.FromMilliseconds(100) || options.RefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add("SettingsProvisioning:RefreshInterval must be between 00:00:00.100 and 1.00:00:00.");
        }

        if (options.MaxRoomNameLength is < 16 or > 4096)
        {
            failures.Add("SettingsProvisioning:MaxRoomNameLength must be between 16 and 4096.");
        }

        if (string.IsNullOrWhiteSpace(options.SnapshotFile))
        {
            failures.Add("SettingsProvisioning:SnapshotFile must name a file (the rules served when the database is down at start-up).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
