namespace JaasPipeline.ServiceDefaults;

/// <summary>Every list an API answers (docs/api.md §5): the page's items and the cursor of the next page, null on the last.</summary>
public sealed record ApiList<T>(IReadOnlyList<T> Items, string? Next);
