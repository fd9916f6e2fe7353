namespace JaasPipeline.Data;

/// <summary>The name of a database the host registered (its keyed <see cref="Database"/>): lets start-up checks visit every one.</summary>
public sealed record ServiceDatabaseName(string Name);
