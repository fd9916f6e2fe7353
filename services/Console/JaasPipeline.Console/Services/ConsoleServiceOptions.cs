using System.ComponentModel;

namespace JaasPipeline.Console.Services;

/// <summary>One service's HTTP API as the console reaches it (<c>Console:Services:&lt;service&gt;</c>).</summary>
public sealed class ConsoleServiceOptions
{
    [Description("The service's base URL as the console reaches it (http or https, e.g. http://attendance:8081). Unset: the host's own address (the Standalone, whose console calls its own APIs over loopback).")]
    public Uri? BaseUrl { get; set; }

    [Description("The key sent as X-Api-Key to this service only, instead of Console:ApiKey (e.g. a read key where the console may only read).")]
    public string? ApiKey { get; set; }
}
