namespace JaasPipeline.Operations;

/// <summary>
/// A step that could not be done: printed as one line (never a stack trace), exit code <see cref="ExitCode"/>
/// (<see cref="OpsCommandLine.Failed"/> when a service refused or failed, <see cref="OpsCommandLine.BadInput"/> when
/// something the user must give is missing).
/// </summary>
public sealed class OpsFailure(string message, int exitCode = OpsCommandLine.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
