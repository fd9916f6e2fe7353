namespace JaasPipeline.Messaging;

/// <summary>A message went back to its queue too often without an outcome (<see cref="DeliveryLimitFilter"/>).</summary>
public sealed class DeliveryLimitReachedException(string message) : Exception(message);
