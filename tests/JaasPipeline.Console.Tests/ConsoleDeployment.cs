using JaasPipeline.Testing;
using Microsoft.Playwright;

namespace JaasPipeline.Console.Tests;

/// <summary>
/// The Standalone as a user runs it (a real process, SQLite files in a temp folder, Kestrel on loopback) with an
/// operator key, a read key and a webhook secret, the console calling its own APIs with the operator key; and Debian's
/// chromium driven by Playwright. Without chromium the browser tests report themselves skipped (<see cref="NewPageAsync"/>);
/// the tests that speak HTTP to the console still run.
/// </summary>
[SetUpFixture]
public sealed class ConsoleDeployment
{
    public const string Secret = "whsec_console_tests_000000000000";
    public const string OperatorKey = "console-tests-operator-key-0001";
    public const string ReadKey = "console-tests-read-key-000000001";
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static TempFolder? folder;
    private static ServiceProcess? standalone;
    private static IPlaywright? playwright;
    private static IBrowser? browser;

    /// <summary>The Standalone in its own build output, with its own appsettings.json.</summary>
    public static string StandaloneDll => ServiceProcess.HostDll("services/Standalone", "JaasPipeline.Standalone");

    public static ServiceProcess Standalone => standalone ?? throw new InvalidOperationException("The deployment is not started.");

    public static string DataFolder => Path.Combine(folder!.Path, "data");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        folder = new TempFolder("console");
        standalone = await ServiceProcess.StartAsync(StandaloneDll, folder.Path,
            new Dictionary<string, string>
            {
                ["Ingress__WebhookSecrets__0"] = Secret,
                ["Api__Keys__0"] = OperatorKey,
                ["Api__ReadKeys__0"] = ReadKey,
                ["Console__ApiKey"] = OperatorKey,
                ["Console__RatesSampleInterval"] = "00:00:01",
                // The storage server of ArtifactDownloadTests stands in for JaaS's storage on this machine's loopback.
                ["MediaArtifacts__AllowedHosts__0"] = "127.0.0.1",
                ["MediaArtifacts__RequireHttps"] = "false",
            });
        Standalone.Client.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
        if (File.Exists(ChromiumPath))
        {
            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (standalone is not null)
        {
            await standalone.DisposeAsync();
        }

        folder?.Dispose();
    }

    /// <summary>
    /// The console host on its own (a real process, the operator key to sign in with) reading this deployment's
    /// Standalone as each of the five services, with <paramref name="settings"/> added.
    /// </summary>
    public static Task<ServiceProcess> StartConsoleHostAsync(string workingFolder, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["Api__Keys__0"] = OperatorKey,
            ["Console__ApiKey"] = OperatorKey,
        };
        foreach (var service in new[] { "Ingress", "Attendance", "MediaArtifacts", "Transcription", "Analytics" })
        {
            environment[$"Console__Services__{service}__BaseUrl"] = Standalone.Address.ToString();
        }

        return ServiceProcess.StartAsync(ServiceProcess.HostDll("services/Console/JaasPipeline.Console.Host", "JaasPipeline.Console.Host"), workingFolder, environment);
    }

    /// <summary>A fresh browser context (no cookies) on the console; the test is reported skipped where there is no chromium.</summary>
    public static async Task<IPage> NewPageAsync()
    {
        if (browser is null)
        {
            Assert.Ignore($"No chromium at {ChromiumPath} (tests/run.sh installs Debian's chromium): this browser test is skipped.");
        }

        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Standalone.Address.ToString().TrimEnd('/') });
        return await context.NewPageAsync();
    }

    /// <summary>A fresh browser context signed in on the sign-in page with <paramref name="key"/>.</summary>
    public static async Task<IPage> SignedInPageAsync(string key)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/console/signin");
        await page.GetByLabel("Key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/console");
        return page;
    }

    /// <summary>Posts each delivery signed as JaaS signs it and insists on a 200.</summary>
    public static async Task DeliverAsync(params string[] bodies)
    {
        using var client = new HttpClient { BaseAddress = Standalone.Address };
        foreach (var body in bodies)
        {
            await SignedDelivery.DeliverAsync(client, Secret, body);
        }
    }

    /// <summary>The body of a GET to the Standalone's API with the operator key, or null while it answers otherwise than 200.</summary>
    public static async Task<string?> ApiTextAsync(string path)
    {
        using var response = await Standalone.Client.GetAsync(path);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
    }

    /// <summary>Keeps a full-page screenshot as a test attachment (docs/console/ holds a few of them).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "console-screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, name);
    }
}
