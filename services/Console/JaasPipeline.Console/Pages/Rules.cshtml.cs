using System.Text.Json.Nodes;
using JaasPipeline.Console.Access;
using JaasPipeline.Console.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace JaasPipeline.Console.Pages;

/// <summary>
/// An app's settings-provisioning rules (<c>GET /api/room-settings/{appId}</c>) and their audit trail
/// (<c>GET /api/room-settings-audit/{appId}</c>, newest first). Passcodes are shown to the admin role only: a read key
/// does not open the rules API, so the console does not show its secrets to one either.
/// </summary>
public sealed class RulesModel(PipelineApis apis) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AppId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }
    [BindProperty(SupportsGet = true)] public string? ChangesCursor { get; set; }

    public ApiAnswer? Answer { get; private set; }

    public ApiAnswer? Changes { get; private set; }

    public bool IsAdmin => User.IsInRole(ConsoleRoles.Admin);

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        if (!string.IsNullOrWhiteSpace(AppId))
        {
            var app = Uri.EscapeDataString(AppId.Trim());
            var ingress = apis.For(PipelineService.Ingress);
            Answer = await ingress.GetAsync(ApiQuery.Build($"/api/room-settings/{app}", ("cursor", Cursor)), cancellation);
            Changes = await ingress.GetAsync(ApiQuery.Build($"/api/room-settings-audit/{app}", ("limit", "20"), ("cursor", ChangesCursor)), cancellation);
        }
    }

    /// <summary>The rule's settings as JSON text, the passcode masked unless the viewer is an admin.</summary>
    public string Shown(JsonNode? settings)
    {
        if (settings is JsonObject fields && !IsAdmin && fields.ContainsKey("passcode"))
        {
            var masked = (JsonObject)fields.DeepClone();
            masked["passcode"] = "(hidden: sign in with an operator key)";
            return masked.ToJsonString();
        }

        return settings?.ToJsonString() ?? "";
    }
}
