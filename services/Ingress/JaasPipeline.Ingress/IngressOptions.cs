using System.ComponentModel;
using JaasPipeline.Ingress.Outbox;

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
