namespace JaasPipeline.Console.Access;

/// <summary>The authorization policies of the console's pages.</summary>
public static class ConsolePolicies
{
    /// <summary>Every page: a signed-in person of either role, or a loopback caller while no key is configured.</summary>
    public const string Read = "console-read";

    /// <summary>Replay, re-drive and rules changes: a person signed in with an operator key.</summary>
    public const string Admin = "console-admin";

    /// <summary>The cookie authentication scheme of the console.</summary>
    public const string Scheme = "jaas-console";
}
