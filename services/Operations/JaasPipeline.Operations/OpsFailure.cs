namespace JaasPipeline.Operations;

/// <summary>A service refused or failed a step: printed as one line, exit code 1.</summary>
public sealed class OpsFailure(string message) : Exception(message);
