namespace JaasPipeline.Console.Access;

/// <summary>The console's two roles: what the key a person signed in with opens on the APIs (docs/api.md §1).</summary>
public static class ConsoleRoles
{
    /// <summary>Signed in with an operator key (<c>Api:Keys</c>, <c>Api:NamedKeys</c>): reads and acts (replay, re-drive, rules).</summary>
    public const string Admin = "admin";

    /// <summary>Signed in with a read key (<c>Api:ReadKeys</c>): reads only.</summary>
    public const string Read = "read";
}
