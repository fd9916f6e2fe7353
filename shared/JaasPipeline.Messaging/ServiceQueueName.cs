namespace JaasPipeline.Messaging;

/// <summary>A service queue the host's consumers listen on (registered by <see cref="ServiceQueueConsumers"/>), for the start-up check.</summary>
public sealed record ServiceQueueName(string Name);
