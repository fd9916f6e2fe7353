using System.ComponentModel;

namespace JaasPipeline.Console.Services;

/// <summary>Where the console finds each service's HTTP API and the key it sends there (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    [Description("The key the console sends as X-Api-Key to every service (an operator key of the deployment, for replay, re-drive and rules); Console:Services:<service>:ApiKey overrides it for one service. Kept on the server: never in a page or cookie.")]
    public string? ApiKey { get; set; }

    public ConsoleServicesOptions Services { get; set; } = new();

    [Description("How often the console scrapes the ingress's /metrics for the overview's intake and refusal rates (1 second to 5 minutes; the rates cover the last 5 minutes).")]
    public TimeSpan RatesSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    [Description("Refused keys one client address may type on the sign-in page per minute (1 to 1000); past them the address is refused every sign-in until the minute refills. Behind a proxy, honour X-Forwarded-For or every person shares the proxy's address.")]
    public int SignInFailuresPerMinute { get; set; } = 10;

    [Description("A folder for the data-protection key ring that signs the console's cookie and antiforgery tokens, shared by every console instance behind one address (created if missing; readable by the console only). Unset: ASP.NET Core's default, the user profile of the process, which a container loses at each restart (everyone signed out).")]
    public string? DataProtectionKeysFolder { get; set; }
}
