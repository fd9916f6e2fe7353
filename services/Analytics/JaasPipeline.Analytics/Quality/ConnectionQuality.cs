namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// One connection's figures in a statistics file, before they are added up into the file's <see cref="Reports.CallQuality"/>:
/// what the file's reconnects, failure and RTT are made of, connection by connection (Jitsi's extractor reports per
/// connection too, as <c>PC_0</c>, <c>PC_1</c>, …).
/// </summary>
/// <param name="Id">The connection's id in the file (<c>PC_0</c>).</param>
/// <param name="StateSource"><see cref="FromConnectionState"/> or <see cref="FromIceState"/>: which states <paramref name="Reconnects"/> and <paramref name="Failed"/> come from; null when the file has neither for it.</param>
/// <param name="RttMeanMs">The mean of the connection's samples of the file's RTT source, in ms (unrounded); null when it has none.</param>
public sealed record ConnectionQuality(string Id, int Reconnects, bool Failed, string? StateSource, double? RttMeanMs, string? RttSource)
{
    public const string FromConnectionState = "connection-state";

    public const string FromIceState = "ice-state";
}
