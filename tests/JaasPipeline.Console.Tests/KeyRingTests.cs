using JaasPipeline.Testing;

namespace JaasPipeline.Console.Tests;

/// <summary>
/// Console:DataProtectionKeysFolder: console hosts that share the folder accept each other's cookie (several instances
/// behind one address, or one restarted), and one with a folder of its own does not. Each host is the console on its
/// own, a real process, reading the test deployment's Standalone.
/// </summary>
public sealed class KeyRingTests
{
    [Test]
    public async Task ConsoleHostsSharingTheKeysFolder_AcceptEachOthersCookie_AndOneWithItsOwnFolderDoesNot()
    {
        using var folder = new TempFolder("console-keys");
        var shared = Path.Combine(folder.Path, "shared-keys");
        await using var first = await StartConsoleHostAsync(folder.Path, shared);
        await using var second = await StartConsoleHostAsync(folder.Path, shared);
        await using var apart = await StartConsoleHostAsync(folder.Path, Path.Combine(folder.Path, "its-own-keys"));

        using var browser = new ConsoleHttp(first.Address);
        using var signIn = await browser.SignInAsync(ConsoleDeployment.OperatorKey);
        Assert.That((int)signIn.StatusCode, Is.EqualTo(302), await signIn.Content.ReadAsStringAsync());
        var cookie = browser.Cookies.GetCookies(new Uri(first.Address, "/console")).Single(c => c.Name == "jaas-console");

        using var onSecond = await GetWithCookieAsync(second, cookie);
        using var onApart = await GetWithCookieAsync(apart, cookie);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((int)onSecond.StatusCode, Is.EqualTo(200), "the second instance reads the first one's cookie");
            Assert.That(await onSecond.Content.ReadAsStringAsync(), Does.Contain("signed in: admin"));
            Assert.That((int)onApart.StatusCode, Is.EqualTo(302), "a key ring of its own cannot read the cookie");
            Assert.That(onApart.Headers.Location?.AbsolutePath, Is.EqualTo("/console/signin"));
            Assert.That(Directory.GetFiles(shared, "key-*.xml"), Has.Length.EqualTo(1), "one key in the shared folder, made by the first host and used by both");
        }
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(ServiceProcess host, System.Net.Cookie cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/failures");
        request.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        return await client.SendAsync(request);
    }

    private static Task<ServiceProcess> StartConsoleHostAsync(string workingFolder, string keysFolder) =>
        ConsoleDeployment.StartConsoleHostAsync(workingFolder, new Dictionary<string, string> { ["Console__DataProtectionKeysFolder"] = keysFolder });
}
