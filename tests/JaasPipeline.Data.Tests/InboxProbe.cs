namespace JaasPipeline.Data.Tests;

/// <summary>
/// The message the inbox tests send. <paramref name="FailingAttempts"/> is how many attempts of its consumer throw
/// (after writing) before one succeeds.
/// </summary>
public sealed record InboxProbe(Guid Key, int FailingAttempts);
