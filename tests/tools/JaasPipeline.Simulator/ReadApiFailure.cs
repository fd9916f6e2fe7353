namespace JaasPipeline.Simulator;

/// <summary>A read API refused --verify (401, 403 …) or did not answer: one line naming the service, the URL and why.</summary>
internal sealed class ReadApiFailure(string message) : Exception(message);
