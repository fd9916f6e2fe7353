using System.ComponentModel;

namespace JaasPipeline.Console.Services;

/// <summary>Where the console finds each service's HTTP API and the key it sends there (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    [Description("The key the console sends as X-Api-Key to every service (an operator key of the deployment, for replay, re-drive and rules); Console:Services:<service>:ApiKey overrides it for one service. Kept on the server: never in a page or cookie.")]
    public string? ApiKey { get; set; }

    public ConsoleServicesOptions Services { get; set; } = new();
}
