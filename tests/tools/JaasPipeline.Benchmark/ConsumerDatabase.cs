namespace JaasPipeline.Benchmark;

/// <summary>A consumer service's SQLite file (its inbox_messages table), named for the report.</summary>
internal sealed record ConsumerDatabase(string Name, string Path);
