using System.Security.Claims;
using JaasPipeline.Console.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace JaasPipeline.Console.Pages;

/// <summary>
/// Signs a person in with a key of the deployment: the cookie holds the role only, never the key (the console calls
/// the services with the keys of its own configuration).
/// </summary>
public sealed class SignInModel(ConsoleKeyCheck keys, SignInThrottle throttle) : PageModel
{
    public bool KeysConfigured => keys.HasKeys;

    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? key)
    {
        var address = HttpContext.Connection.RemoteIpAddress;
        if (!throttle.Allows(address))
        {
            Problem = "Too many refused keys from this address: sign-in is closed to it for up to a minute.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            return Page();
        }

        var role = string.IsNullOrEmpty(key) ? null : keys.RoleOf(key);
        if (role is null)
        {
            throttle.RecordFailure(address);
            Problem = "That key is not an operator key or a read key of this deployment.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], ConsolePolicies.Scheme);
        await HttpContext.SignInAsync(ConsolePolicies.Scheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/console", StringComparison.Ordinal) ? ReturnUrl : "/console");
    }
}
