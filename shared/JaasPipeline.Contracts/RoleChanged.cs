namespace JaasPipeline.Contracts;

/// <summary>A participant was given moderator rights (ROLE_CHANGED).</summary>
public sealed record RoleChanged : JaasEvent
{
    /// <summary>The new role, e.g. "moderator" (in the example, not in the field list).</summary>
    public string? Role { get; init; }

    /// <summary>Who gave the rights.</summary>
    public RoleGrantParty? GrantedBy { get; init; }

    /// <summary>Who received them.</summary>
    public RoleGrantParty? GrantedTo { get; init; }
}
