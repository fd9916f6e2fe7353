using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress;

/// <summary>One line per bad setting, naming the key, so start-up fails with a message an operator can act on.</summary>
public sealed class IngressOptionsValidator : IValidateOptions<IngressOptions>
{
    public ValidateOptionsResult Validate(string? name, IngressOptions options)
    {
        var failures = new List<string>();
        var secrets = options.WebhookSecrets;
        if (secrets.Any(string.IsNullOrWhiteSpace))
        {
            // An empty HMAC key would let anyone forge a signature.
            failures.Add("Ingress:WebhookSecrets has a blank entry: remove it or fill in the secret.");
        }

        if (secrets.Count == 0 && !options.AllowUnsigned)
        {
            failures.Add("Ingress:WebhookSecrets is empty: set the endpoint secret (whsec_…) from the JaaS console, " +
                         "or set Ingress:AllowUnsigned=true to accept unsigned deliveries (development only).");
        }

        if (secrets.Any(s => !string.IsNullOrWhiteSpace(s) && !s.StartsWith("whsec_", StringComparison.Ordinal)))
        {
            failures.Add("Ingress:WebhookSecrets: every secret must be the console's value including its whsec_ prefix.");
        }

        if (options.SignatureTolerance <= TimeSpan.Zero)
        {
            failures.Add("Ingress:SignatureTolerance must be positive (e.g. 00:05:00).");
        }

        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add("Ingress:MaxBodyBytes must be between 1024 and 67108864.");
        }

        if (options.BodyReadTimeout < TimeSpan.FromSeconds(1) || options.BodyReadTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Ingress:BodyReadTimeout must be between 00:00:01 and 00:05:00.");
        }

        // The budget is a ConcurrencyLimiter's permit count (an int), and must admit at least one body of the largest size.
        if (options.MaxBodyBytesInFlight < options.MaxBodyBytes || options.MaxBodyBytesInFlight > int.MaxValue)
        {
            failures.Add($"Ingress:MaxBodyBytesInFlight must be between Ingress:MaxBodyBytes ({options.MaxBodyBytes}) and {int.MaxValue}.");
        }

        if (options.CommitTimeout < TimeSpan.FromMilliseconds(100) || options.CommitTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add("Ingress:CommitTimeout must be between 00:00:00.100 and 00:01:00 (JaaS gives up on a delivery that takes longer).");
        }

        if (options.MaxDataItems is < 10 or > 1_000_000)
        {
            failures.Add("Ingress:MaxDataItems must be between 10 and 1000000.");
        }

        if (options.PublishedRetention < TimeSpan.Zero)
        {
            failures.Add("Ingress:PublishedRetention must not be negative.");
        }

        var relay = options.Relay;
        if (relay.BatchSize is < 1 or > 10_000)
        {
            failures.Add("Ingress:Relay:BatchSize must be between 1 and 10000.");
        }

        if (relay.PollInterval <= TimeSpan.Zero)
        {
            failures.Add("Ingress:Relay:PollInterval must be positive.");
        }

        if (relay.PublishTimeout <= TimeSpan.Zero)
        {
            failures.Add("Ingress:Relay:PublishTimeout must be positive.");
        }

        if (relay.ClaimLease <= relay.PublishTimeout * 2)
        {
            failures.Add("Ingress:Relay:ClaimLease must be more than twice Ingress:Relay:PublishTimeout, " +
                         "or a slow publish could outlive its claim and another relay publish the same row.");
        }

        if (relay.MaxBackoff <= TimeSpan.Zero)
        {
            failures.Add("Ingress:Relay:MaxBackoff must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
