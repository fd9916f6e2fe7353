using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress;

/// <summary>Settings of the webhook intake (section <c>Ingress</c>).</summary>
public sealed class IngressOptions
{
    public const string Section = "Ingress";

    /// <summary>Endpoint secrets (<c>whsec_…</c>) as shown in the JaaS console; several during a rotation.</summary>
    [Description("Endpoint secrets (whsec_…) from the JaaS console; several during a rotation. Required unless Ingress:AllowUnsigned.")]
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>Accept deliveries without checking <c>X-Jaas-Signature</c> (development only).</summary>
    [Description("Accept deliveries without a signature when no secret is set; logs a warning (development only).")]
    public bool AllowUnsigned { get; set; }

    /// <summary>How far a signature's <c>t</c> may be from now.</summary>
    [Description("Allowed distance between the signature's t and now.")]
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>If set, the exact <c>Authorization</c> header value the JaaS console is configured to send.</summary>
    [Description("Exact Authorization header value the JaaS console sends, if configured there.")]
    public string? RequiredAuthorization { get; set; }

    /// <summary>Larger bodies are answered 413.</summary>
    [Description("Larger bodies get 413 (1024 to 67108864).")]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Longest the whole body of a delivery may take to arrive, from its headers on; past it the answer is 408. Kestrel's
    /// minimum data rate alone is an average: a 1 MB burst then silence would keep a request open for over an hour.
    /// </summary>
    [Description("Longest a delivery's whole body may take to arrive before 408 (1 s to 5 min); JaaS bodies are small.")]
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most body bytes the webhook holds at once, over every delivery being read or committed, each counted at its
    /// Content-Length (at MaxBodyBytes without one). A delivery that would go over is answered 503 with Retry-After
    /// before its body is read, so unauthenticated senders cannot make the ingress hold more than this.
    /// </summary>
    [Description("Most bytes of delivery bodies held at once, each counted at its Content-Length (MaxBodyBytes to 2147483647); beyond it 503 with Retry-After, the body unread.")]
    public long MaxBodyBytesInFlight { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Longest a request waits for its delivery (or its rejected body) to be committed; past it the answer is 503 and
    /// JaaS delivers again later. Keeps a database that refuses writes from holding every request for its busy timeout.
    /// </summary>
    [Description("Longest a request waits for its commit (or its rejected body's) before 503 (0.1 s to 1 min).")]
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most array items and object members (counted at any depth) a delivery's <c>data</c> may hold; more is answered
    /// 400 naming <c>data</c>. Bounds the memory one delivery can cost (each item becomes an object of the typed event).
    /// </summary>
    [Description("Most values a delivery's data may hold (10 to 1,000,000); more is 400 naming data.")]
    public int MaxDataItems { get; set; } = 10_000;

    /// <summary>Published rows are kept this long (what makes replay possible), then deleted.</summary>
    [Description("How long published rows are kept: what a replay can republish, and how long a repeated delivery is recognised.")]
    public TimeSpan PublishedRetention { get; set; } = TimeSpan.FromDays(7);

    public RelayOptions Relay { get; set; } = new();
}

/// <summary>Settings of the outbox relay (section <c>Ingress:Relay</c>).</summary>
public sealed class RelayOptions
{
    /// <summary>Rows claimed per round.</summary>
    [Description("Rows the relay claims per round (1 to 10000).")]
    public int BatchSize { get; set; } = 200;

    /// <summary>How often the relay looks for rows written by another instance.</summary>
    [Description("How often the relay looks for rows another instance committed (this instance's own commits wake it at once).")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A publish that the broker has not confirmed within this time counts as failed.</summary>
    [Description("A publish the broker has not confirmed by then has failed.")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claim keeps other relays off a row; must exceed <see cref="PublishTimeout"/>.</summary>
    [Description("How long a claim keeps other relays off a row; more than twice Ingress:Relay:PublishTimeout.")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait between attempts while the broker or database is down.</summary>
    [Description("Longest wait between attempts while the broker or database is down.")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

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
