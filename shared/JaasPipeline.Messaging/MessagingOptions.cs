using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace JaasPipeline.Messaging;

/// <summary>Which transport the bus uses (section <c>Messaging</c>).</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>The retry pauses while <see cref="RetryIntervals"/> is unset (what --help shows as its default).</summary>
    public const string DefaultRetryIntervals = "00:00:00.100, 00:00:00.500, 00:00:02";

    /// <summary><c>InMemory</c> (embedded default, one process) or <c>RabbitMq</c> (production).</summary>
    [Description("The bus: InMemory (one process, the Standalone's embedded default) or RabbitMq (production).")]
    public MessagingTransport Transport { get; set; } = MessagingTransport.RabbitMq;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>
    /// Pauses between in-process retries of a failed consume before the message goes to the queue's error queue.
    /// Unset: 100 ms, 500 ms, 2 s. In-process only: Debian's RabbitMQ has no delayed-message plugin for redelivery.
    /// </summary>
    [DefaultValue(DefaultRetryIntervals)]
    [Description("Pauses between in-process retries of a failed message before it goes to <queue>_error.")]
    public TimeSpan[]? RetryIntervals { get; set; }

    /// <summary>
    /// In-memory bus only: how many published messages may wait for their consumers before the relay stops publishing
    /// more. Whatever the in-memory bus holds is in memory (and lost on a crash until republished from the outbox).
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Messaging:InMemoryMaxUnsettled must be between 1 and 1000000")]
    [Description("Embedded default only: messages the relay may have on the in-memory bus that the consumers have not finished; past it the relay waits (1 to 1,000,000).")]
    public int InMemoryMaxUnsettled { get; set; } = 1_000;

    /// <summary>
    /// In-memory bus only: the first pause before a message whose consumer's database refused the write (full, read-only)
    /// is sent to that queue again; each further failure doubles it, up to <see cref="InMemoryRetryMaxDelay"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Messaging:InMemoryRetryFirstDelay must be between 00:00:00.001 and 01:00:00")]
    [Description("Embedded default only: the first pause before a message whose consumer's database refused the write (full, read-only) is sent to that queue again; doubled after each failure (1 ms to 1 h).")]
    public TimeSpan InMemoryRetryFirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>In-memory bus only: the longest pause between two of those retries (a message waits for as long as the database refuses).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Messaging:InMemoryRetryMaxDelay must be between 00:00:00.001 and 01:00:00")]
    [Description("Embedded default only: the longest pause between two retries of such a message; it is retried for as long as its database refuses (1 ms to 1 h).")]
    public TimeSpan InMemoryRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// SQLite consumer databases: most messages committed in one transaction (each in its own savepoint with its inbox
    /// row). 1 commits every message alone. SQL Server consumers always commit each message on its own.
    /// </summary>
    [Range(1, 1_000, ErrorMessage = "Messaging:InboxMaxGroup must be between 1 and 1000")]
    [Description("SQLite consumer databases: most messages committed in one transaction (a savepoint each); 1 commits each alone (1 to 1000).")]
    public int InboxMaxGroup { get; set; } = 64;

    /// <summary>RabbitMQ only: how often the depths of this host's error queues are read (gauge and readiness).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Messaging:ErrorQueueCheckInterval must be between 00:00:01 and 01:00:00")]
    [Description("RabbitMQ only: how often the host reads how many messages wait in its error queues (jaas_error_queue_messages, readiness check error-queues); 1 s to 1 h.")]
    public TimeSpan ErrorQueueCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan[] DefaultRetryPauses =
        [.. DefaultRetryIntervals.Split(", ").Select(pause => TimeSpan.Parse(pause, CultureInfo.InvariantCulture))];

    internal TimeSpan[] EffectiveRetryIntervals => RetryIntervals ?? DefaultRetryPauses;
}

/// <summary>The bus transports JaasPipeline supports.</summary>
public enum MessagingTransport
{
    InMemory,
    RabbitMq,
}

/// <summary>Connection to the RabbitMQ broker or cluster (section <c>Messaging:RabbitMq</c>).</summary>
public sealed class RabbitMqOptions : IValidatableObject
{
    /// <summary>RabbitMQ 4.0 and later drop a quorum queue's message past 20 deliveries when no dead-letter target is set.</summary>
    public const int BrokerDeliveryLimit = 20;

    [Required(ErrorMessage = "Messaging:RabbitMq:Host is required")]
    [Description("The RabbitMQ broker's host name (one broker; for a cluster, list its nodes in Nodes).")]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535, ErrorMessage = "Messaging:RabbitMq:Port must be between 1 and 65535")]
    [Description("The broker's AMQP port.")]
    public int Port { get; set; } = 5672;

    /// <summary>
    /// A cluster's nodes as <c>host</c> or <c>host:port</c>. A host connects to the first that answers, and after losing
    /// it reconnects to the next that answers, in this order. When given, <see cref="Host"/> and <see cref="Port"/> are not used.
    /// </summary>
    [Description("A RabbitMQ cluster's nodes as host or host:port (Port when left out), e.g. Nodes:0=rabbit-a:5672. A host connects to the first that answers and, after losing it, reconnects to the next one by itself. When given, Host and Port are not used.")]
    public string[]? Nodes { get; set; }

    /// <summary>
    /// Members of each quorum queue (its <c>x-quorum-initial-group-size</c>). RabbitMQ fixes it when it first declares
    /// the queue and refuses a later declaration that differs, so it is set only where it is chosen: by this setting,
    /// or by <see cref="Nodes"/> (at most 3 of them).
    /// </summary>
    [Range(1, 7, ErrorMessage = "Messaging:RabbitMq:QuorumQueueSize must be between 1 and 7")]
    [Description("Members (replicas) of each quorum queue the hosts declare; a majority must be up for the queue to work. Default: the number of Nodes, at most 3; with Host alone, the broker's default. Fixed when a queue is first declared.")]
    public int? QuorumQueueSize { get; set; }

    /// <summary>
    /// A message handed to a consumer this many times without an outcome — the consuming process stopped each time, so
    /// the broker gave it back — is moved to its queue's error queue instead of being tried again. Below
    /// <see cref="BrokerDeliveryLimit"/>, so RabbitMQ 4 never drops it first.
    /// </summary>
    [Range(1, BrokerDeliveryLimit - 1, ErrorMessage = "Messaging:RabbitMq:DeliveryLimit must be between 1 and 19 (RabbitMQ 4 drops a message past 20 deliveries)")]
    [Description("A message given to consumers this many times without an outcome (the consuming process stopped each time) goes to the queue's error queue with that reason instead of again (1 to 19: RabbitMQ 4 drops it past 20).")]
    public int DeliveryLimit { get; set; } = 10;

    [Required(ErrorMessage = "Messaging:RabbitMq:VirtualHost is required (use / for the default)")]
    [Description("The broker's virtual host (/ is the default one).")]
    public string VirtualHost { get; set; } = "/";

    [Required(ErrorMessage = "Messaging:RabbitMq:Username is required")]
    [Description("The user the host connects to the broker as.")]
    public string Username { get; set; } = "guest";

    [Required(ErrorMessage = "Messaging:RabbitMq:Password is required")]
    [Description("That user's password.")]
    public string Password { get; set; } = "guest";

    // Methods, not properties: the settings' validation and --help read every property, before Nodes is known to parse.

    /// <summary>The nodes to connect to, in order: <see cref="Nodes"/>, or <see cref="Host"/> and <see cref="Port"/>.</summary>
    public IReadOnlyList<RabbitMqNode> ConnectionNodes() =>
        Nodes is { Length: > 0 } nodes ? [.. nodes.Select(node => RabbitMqNode.Parse(node, Port))] : [new RabbitMqNode(Host, Port)];

    /// <summary>The quorum size the hosts declare, or null to leave it to the broker.</summary>
    public int? DeclaredQuorumQueueSize() => QuorumQueueSize ?? (Nodes is { Length: > 1 } nodes ? Math.Min(nodes.Length, 3) : null);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (node, index) in (Nodes ?? []).Select((node, index) => (node, index)))
        {
            if (!RabbitMqNode.TryParse(node, Port, out _))
            {
                yield return new ValidationResult(
                    $"Messaging:RabbitMq:Nodes:{index} '{node}' is not host or host:port (a host name or IPv4 address, a port from 1 to 65535)",
                    [nameof(Nodes)]);
            }
        }
    }
}
