using System.Net;
using System.Threading.RateLimiting;
using JaasPipeline.Console.Services;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Console.Access;

/// <summary>
/// Bounds the keys one address may guess on the sign-in page: a token bucket per client address of
/// <c>Console:SignInFailuresPerMinute</c> tokens, one taken by each refused key. An address with none left is refused
/// every sign-in, a right key too (otherwise the guesser would learn which guess was right), until the bucket refills.
/// Successful sign-ins take nothing, so a team signing in often is never throttled by its own use.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> failures;

    public SignInThrottle(IOptions<ConsoleOptions> options)
    {
        var perMinute = options.Value.SignInFailuresPerMinute;
        failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = perMinute,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Whether <paramref name="address"/> has guesses left (a zero-token lease would not say: it is granted even from an empty bucket).</summary>
    public bool Allows(IPAddress? address) =>
        failures.GetStatistics(Partition(address)) is not { CurrentAvailablePermits: <= 0 };

    /// <summary>Takes one guess from <paramref name="address"/>: a key it typed was refused.</summary>
    public void RecordFailure(IPAddress? address)
    {
        using var lease = failures.AttemptAcquire(Partition(address));
    }

    public void Dispose() => failures.Dispose();

    // Behind a proxy every person has the proxy's address unless the host honours X-Forwarded-For (docs/console.md).
    // IPv4 over an IPv6 socket is the same caller as over IPv4.
    private static IPAddress Partition(IPAddress? address) =>
        address is null ? IPAddress.None : address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
