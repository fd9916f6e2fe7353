using System.Text.Json.Nodes;
using JaasPipeline.Console.Services;

namespace JaasPipeline.Console.Failures;

/// <summary>One consumer queue's failed messages as a host reports them: the count, and the faulted rows where the host keeps them (embedded).</summary>
public sealed record FailedQueue(PipelineService Service, string Queue, string HeldIn, long Messages, IReadOnlyList<JsonNode> Faulted);
