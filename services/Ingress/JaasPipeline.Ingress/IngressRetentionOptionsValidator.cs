using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress;

/// <summary>One line per bad setting, naming the key.</summary>
public sealed class IngressRetentionOptionsValidator : IValidateOptions<IngressRetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngressRetentionOptions options) =>
        options.RejectedRetention < TimeSpan.Zero
            ? ValidateOptionsResult.Fail("Ingress:RejectedRetention must not be negative (e.g. 30.00:00:00).")
            : ValidateOptionsResult.Success;
}
