using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Console.Access;

/// <summary>
/// Reading the console: a person signed in with a key of either role, or, while the host has no key at all, a caller
/// on loopback (the read APIs' rule, docs/api.md §1).
/// </summary>
public sealed class ConsoleReadRequirement : AuthorizationHandler<ConsoleReadRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ConsoleReadRequirement requirement)
    {
        if (context.User.IsInRole(ConsoleRoles.Admin) || context.User.IsInRole(ConsoleRoles.Read) || IsOpenLoopbackCall(context.Resource as HttpContext))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private static bool IsOpenLoopbackCall(HttpContext? http) =>
        http is not null
        && !http.RequestServices.GetRequiredService<ConsoleKeyCheck>().HasKeys
        && IsLoopback(http.Connection.RemoteIpAddress) && IsLoopback(http.Connection.LocalIpAddress);

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
