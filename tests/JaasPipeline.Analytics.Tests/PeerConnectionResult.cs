namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// One connection in the peer's results. <c>meanRtt</c> is the mean of the connection's RTT samples as the peer reads
/// them (seconds from the standard stats, rounded to 2 decimals; 0 when it has none).
/// </summary>
internal sealed record PeerConnectionResult(int IceReconnects, bool ConnectionFailed, double? MeanRtt);
