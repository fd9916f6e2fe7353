namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// One setting a host reads, as <c>--help</c> and docs/configuration.md show it: its full key (<c>Ingress:MaxBodyBytes</c>;
/// <c>&lt;name&gt;</c> stands for any name), the kind of value it takes, its default (null: none) and what it means.
/// </summary>
/// <param name="Section">The top-level configuration section (<c>Ingress</c>), or <c>OTEL_*</c> for the standard variables.</param>
/// <param name="Source">The options class binding it came from; null for a setting read without one (<see cref="HostSettings"/>).</param>
public sealed record Setting(string Section, string Key, string Type, string? Default, string Meaning, OptionsBinding? Source = null)
{
    /// <summary>Whether the value is a key, secret or password: its default is never shown (docs/api.md: no secret in --help).</summary>
    public bool IsSecret => SettingsCatalog.IsSecretKey(Key);
}
