namespace JaasPipeline.Contracts;

/// <summary>Splits a fully qualified meeting name <c>[AppID]/[room name]</c> (docs/jaas-reference.md, Payload, <c>fqn</c>).</summary>
public static class JaasFqn
{
    // The AppID never holds a '/', so the first one ends it; whatever follows is the room name, '/' included.
    public static string AppId(string? fqn)
    {
        fqn ??= "";
        var slash = fqn.IndexOf('/');
        return slash < 0 ? fqn : fqn[..slash];
    }

    public static string RoomName(string? fqn)
    {
        fqn ??= "";
        var slash = fqn.IndexOf('/');
        return slash < 0 ? "" : fqn[(slash + 1)..];
    }
}
