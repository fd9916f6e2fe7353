using System.ComponentModel;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>Settings of <c>POST /settings-provisioning</c> (section <c>SettingsProvisioning</c>).</summary>
public sealed class SettingsProvisioningOptions
{
    public const string Section = "SettingsProvisioning";

    /// <summary>
    /// Answer callers that present neither a signature nor the Authorization header when neither is configured.
    /// An open endpoint hands out every room's passcode, so this must be asked for explicitly.
    /// </summary>
    [Description("Answer /settings-provisioning without authentication when no webhook secret or required Authorization is set; logs a warning (exposes every passcode).")]
    public bool AllowUnauthenticated { get; set; }

    /// <summary>Also emit the older reference's field name <c>transcriber</c> next to <c>transcriberType</c>.</summary>
    [Description("Also send the older field name transcriber next to transcriberType.")]
    public bool EmitLegacyTranscriber { get; set; }

    /// <summary>How often the in-memory rules are reloaded (to see changes made on other instances).</summary>
    [Description("How often the in-memory room-settings rules are reloaded, for changes made on other instances (0.1 s to 1 day).")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="MaxRoomNameLength"/>: the longest room a rule can name (the JaaS reference states no limit).</summary>
    public const int DefaultMaxRoomNameLength = RoomSettingsValidation.MaxRoomLength;

    /// <summary>
    /// The longest room name (UTF-16 characters) a call may ask about; a longer one is answered 400. The default is
    /// the longest room a rule can name, so every exact rule stays reachable; each call matches the room against
    /// every pattern rule of its app, and the bound keeps that work small whoever names the room.
    /// </summary>
    [Description("Longest room name (characters) /settings-provisioning answers; longer ones get a 400 problem (16 to 4096; the default is the longest room a rule can name).")]
    public int MaxRoomNameLength { get; set; } = DefaultMaxRoomNameLength;

    /// <summary>
    /// The rules as last loaded, kept on disk (they hold passcodes: protect the folder) and served when the database
    /// cannot be read at start-up. Relative paths are under the folder the host is started in.
    /// </summary>
    [Description("Copy of the last loaded rules (holds passcodes), served when the database cannot be read at start-up; relative to the folder the host is started in.")]
    public string SnapshotFile { get; set; } = "data/room-settings.json";
}
