using System.ComponentModel;

namespace JaasPipeline.Ingress;

/// <summary>
/// The ingress's retention setting beside <see cref="IngressOptions.PublishedRetention"/> (also section <c>Ingress</c>),
/// kept with the rules that use it.
/// </summary>
public sealed class IngressRetentionOptions
{
    /// <summary>How long conflicting repeats and rejected deliveries are kept for an operator to look at.</summary>
    [Description("How long conflicting repeats (delivery_conflicts) and rejected deliveries are kept for an operator to look at.")]
    public TimeSpan RejectedRetention { get; set; } = TimeSpan.FromDays(30);
}
