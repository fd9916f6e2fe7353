namespace JaasPipeline.Console.Tests;

/// <summary>Every page of the console a signed-in admin can open, with parameters that make each show its forms.</summary>
public static class ConsolePages
{
    public static readonly string[] All =
    [
        "/console",
        "/console/meetings",
        "/console/deliveries?from=2000-01-01T00:00",
        "/console/replay?from=2000-01-01T00:00&to=2100-01-01T00:00",
        "/console/failures",
        "/console/rules?appId=vpaas-magic-cookie-c1",
        "/console/rules/edit?appId=vpaas-magic-cookie-c1&room=standup",
        "/console/signin",
    ];
}
