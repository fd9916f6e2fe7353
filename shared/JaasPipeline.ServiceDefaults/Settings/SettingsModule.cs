namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// The settings one module binds (the ingress, attendance, …), run alone by the host named <paramref name="Host"/> or
/// with the others by the Standalone. Settings every host reads (<c>Api</c>, <c>Messaging</c>, <c>Urls</c>, …) are
/// in <see cref="SettingsCatalog.Common"/>, not here.
/// </summary>
/// <param name="Host">The name of the host that runs the module alone (its service name).</param>
/// <param name="Options">The options classes the module binds and where.</param>
public sealed record SettingsModule(string Host, IReadOnlyList<OptionsBinding> Options)
{
    /// <summary>Defaults the module brings wherever it runs, by full key, where they are not its classes' own (its database file).</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the module runs on the bus with a database (every service; not the console, which reaches the others over
    /// HTTP): its host then reads the <c>Messaging</c> and <c>Retention</c> sections too.
    /// </summary>
    public bool OnTheBus { get; init; } = true;

    /// <summary>Defaults that only the module's own host sets (its appsettings.json: where it listens), by full key.</summary>
    public IReadOnlyDictionary<string, string> HostDefaults { get; init; } = new Dictionary<string, string>();
}
