namespace JaasPipeline.Benchmark;

/// <summary>Which deployment runs behind the URL, which decides how "every consumer has caught up" is read.</summary>
internal enum Deployment
{
    /// <summary>The Standalone host: every service in one process on the in-memory bus.</summary>
    Embedded,

    /// <summary>Each service its own process, talking through RabbitMQ.</summary>
    Production,
}
