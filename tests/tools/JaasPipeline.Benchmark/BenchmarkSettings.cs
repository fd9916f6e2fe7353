namespace JaasPipeline.Benchmark;

/// <summary>Everything one run needs: where, what load, how to see the consumers catch up, what to measure.</summary>
internal sealed record BenchmarkSettings(
    Uri BaseUrl,
    string? Secret,
    Deployment Deployment,
    LoadMode Mode,
    int Connections,
    double Rate,
    LoadLimits Limits,
    int Warmup,
    int Meetings,
    int Seed,
    Uri Management,
    string? VirtualHost,
    string BrokerUsername,
    string BrokerPassword,
    string? IngressDatabase,
    IReadOnlyList<ConsumerDatabase> ConsumerDatabases,
    IReadOnlyList<(string Label, int Pid)> Pids,
    IReadOnlyList<(string Label, int Pid)> SharedPids,
    IReadOnlyList<string> ProcessMatches,
    TimeSpan CatchUpTimeout,
    TimeSpan LiveBaseline,
    bool PlainClient,
    int AmqpPort)
{
    public Uri Webhook => new(BaseUrl, Ingress.Webhooks.WebhookApi.Route);

    public Uri Live => new(BaseUrl, "/health/live");

    public Uri Metrics => new(BaseUrl, "/metrics");

    /// <summary>One line naming the option that is out of range, or null.</summary>
    public string? Problem() =>
        Connections < 1 ? "Refused: --connections must be at least 1."
        : Mode == LoadMode.Open && Rate is not (> 0 and <= 1_000_000) ? "Refused: --rate must be between 1 and 1000000 deliveries/s."
        : Limits.Duration <= TimeSpan.Zero || Limits.Duration > TimeSpan.FromHours(1) ? "Refused: --duration must be between 1 and 3600 seconds."
        : Limits.MaxDeliveries < 0 ? "Refused: --deliveries must not be negative."
        : Warmup < 0 ? "Refused: --warmup must not be negative."
        : Meetings < 1 ? "Refused: --meetings must be at least 1."
        : CatchUpTimeout <= TimeSpan.Zero || CatchUpTimeout > TimeSpan.FromHours(2) ? "Refused: --catch-up-timeout must be between 1 and 7200 seconds."
        : LiveBaseline < TimeSpan.Zero || LiveBaseline > TimeSpan.FromMinutes(10) ? "Refused: --live-baseline must be between 0 and 600 seconds."
        : AmqpPort is < 1 or > 65535 ? "Refused: --rabbitmq-port must be between 1 and 65535."
        : Secret is { Length: 0 } ? "Refused: --secret is empty; leave it out to send unsigned deliveries."
        : Deployment == Deployment.Production && string.IsNullOrEmpty(VirtualHost)
            ? "Refused: --deployment production needs --rabbitmq-vhost (the virtual host whose queues the consumers read)."
        : null;
}
