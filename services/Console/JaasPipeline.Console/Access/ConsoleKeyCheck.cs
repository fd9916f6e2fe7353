using JaasPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Console.Access;

/// <summary>
/// Which role a key typed on the sign-in page gives: the keys of this host's <c>Api</c> section, as its APIs accept
/// them (compared in constant time by <see cref="ApiOptions"/>).
/// </summary>
public sealed class ConsoleKeyCheck(IOptions<ApiOptions> api)
{
    /// <summary>Whether any key is configured; without one the console is open to loopback callers only, as the read APIs are.</summary>
    public bool HasKeys => api.Value.HasKeys;

    /// <summary><see cref="ConsoleRoles.Admin"/>, <see cref="ConsoleRoles.Read"/>, or null for a key of neither list.</summary>
    public string? RoleOf(string presented)
    {
        // Both lists compared, always: which list a key is in must not show in the time taken.
        var isOperatorKey = api.Value.Accepts(presented);
        var isReadKey = api.Value.AcceptsForReading(presented);
        return isOperatorKey ? ConsoleRoles.Admin : isReadKey ? ConsoleRoles.Read : null;
    }
}
