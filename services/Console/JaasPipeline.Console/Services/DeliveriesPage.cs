namespace JaasPipeline.Console.Services;

/// <summary>Defaults of the console's delivery-log queries.</summary>
public static class DeliveriesPage
{
    /// <summary>
    /// The start of a window that holds every delivery the ingress still keeps (the log's own default is the last 24
    /// hours): used where the console looks for one meeting's deliveries whenever they came.
    /// </summary>
    public const string LongAgo = "2000-01-01T00:00:00Z";
}
