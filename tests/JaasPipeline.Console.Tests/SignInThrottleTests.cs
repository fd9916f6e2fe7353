using System.Net;
using JaasPipeline.Testing;

namespace JaasPipeline.Console.Tests;

/// <summary>Console:SignInFailuresPerMinute (10 here, the default): refused keys close sign-in to their address only.</summary>
public sealed class SignInThrottleTests
{
    [Test]
    public async Task TenRefusedKeysFromOneAddress_CloseSignInToIt_ARightKeyToo_WhileOtherAddressesSignIn()
    {
        using var guesser = new ConsoleHttp(ConsoleDeployment.Standalone.Address, from: IPAddress.Parse("127.0.0.2"));
        for (var guess = 0; guess < 10; guess++)
        {
            using var refused = await guesser.SignInAsync($"guessed-key-{guess:D8}-000000");
            Assert.That((int)refused.StatusCode, Is.EqualTo(401), $"guess {guess + 1}");
        }

        using var eleventh = await guesser.SignInAsync("guessed-key-eleventh-0000000");
        using var rightKey = await guesser.SignInAsync(ConsoleDeployment.OperatorKey);
        using var someoneElse = new ConsoleHttp(ConsoleDeployment.Standalone.Address);
        using var otherAddress = await someoneElse.SignInAsync(ConsoleDeployment.OperatorKey);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((int)eleventh.StatusCode, Is.EqualTo(429));
            Assert.That(eleventh.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(await eleventh.Content.ReadAsStringAsync(), Does.Contain("Too many refused keys from this address"));
            Assert.That((int)rightKey.StatusCode, Is.EqualTo(429), "a right key is refused too: the guesser must not learn it was right");
            Assert.That(guesser.Cookies.GetAllCookies().Select(c => c.Name), Does.Not.Contain("jaas-console"));
            Assert.That((int)otherAddress.StatusCode, Is.EqualTo(302), "127.0.0.1 still signs in");
            Assert.That(otherAddress.Headers.Location?.ToString(), Is.EqualTo("/console"));
        }
    }

    [Test]
    public async Task BehindAProxy_WithForwardedHeadersHonoured_EachPersonsAddressHasItsOwnBound()
    {
        using var folder = new TempFolder("console-proxy");
        await using var console = await ConsoleDeployment.StartConsoleHostAsync(folder.Path,
            new Dictionary<string, string> { ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true" });

        using var guesser = new ConsoleHttp(console.Address, forwardedFor: "203.0.113.7");
        for (var guess = 0; guess < 10; guess++)
        {
            using var refused = await guesser.SignInAsync($"guessed-key-{guess:D8}-000000");
            Assert.That((int)refused.StatusCode, Is.EqualTo(401), $"guess {guess + 1}");
        }

        using var eleventh = await guesser.SignInAsync(ConsoleDeployment.OperatorKey);
        using var colleague = new ConsoleHttp(console.Address, forwardedFor: "203.0.113.8");
        using var colleaguesSignIn = await colleague.SignInAsync(ConsoleDeployment.OperatorKey);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((int)eleventh.StatusCode, Is.EqualTo(429), "the guesser's address, as the proxy forwarded it, is closed");
            Assert.That((int)colleaguesSignIn.StatusCode, Is.EqualTo(302), "another person behind the same proxy signs in");
        }
    }
}
