using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace JaasPipeline.Testing;

/// <summary>The spans an in-memory exporter hands over (<c>AddInMemoryExporter(spans)</c>), safe to read while the pipeline is still exporting.</summary>
public sealed class SpanLog : ICollection<Activity>
{
    private readonly ConcurrentQueue<Activity> spans = new();

    public int Count => spans.Count;

    public bool IsReadOnly => false;

    /// <summary>The spans of one trace, as exported so far.</summary>
    public IReadOnlyList<Activity> Of(ActivityTraceId traceId) => spans.Where(span => span.TraceId == traceId).ToList();

    public void Add(Activity item) => spans.Enqueue(item);

    public void Clear() => spans.Clear();

    public bool Contains(Activity item) => spans.Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => spans.ToArray().CopyTo(array, arrayIndex);

    public bool Remove(Activity item) => throw new NotSupportedException("Exported spans are only added.");

    public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)spans.ToArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
