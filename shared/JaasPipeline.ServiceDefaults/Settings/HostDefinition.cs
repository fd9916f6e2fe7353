namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// One deployable host as its settings see it: its name, the modules it runs and the defaults its appsettings.json
/// sets (by full key). A service's own host runs its one module (<see cref="Alone"/>); the Standalone runs them all.
/// </summary>
public sealed record HostDefinition(string Name, IReadOnlyList<SettingsModule> Modules, IReadOnlyDictionary<string, string> Defaults)
{
    /// <summary>The host that runs <paramref name="module"/> on its own (<c>JaasPipeline.Ingress.Host</c>, …).</summary>
    public static HostDefinition Alone(SettingsModule module) => new(module.Host, [module], module.HostDefaults);

    /// <summary>Every setting this host reads, with this host's defaults, grouped by section.</summary>
    public IReadOnlyList<Setting> Settings => SettingsCatalog.Of(this);
}
