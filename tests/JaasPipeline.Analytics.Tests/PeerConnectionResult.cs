namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// One connection in the peer's results. <c>meanRtt</c> is the mean of the connection's RTT samples as the peer reads
/// them, rounded to 2 decimals of their unit: seconds from the standard stats, ms from the legacy googRtt; 0 when it has none.
/// </summary>
internal sealed record PeerConnectionResult(int IceReconnects, bool ConnectionFailed, double? MeanRtt);
