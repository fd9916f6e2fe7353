using System.Text.Json;
using System.Text.Json.Nodes;
using JaasPipeline.Console.Access;
using JaasPipeline.Console.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace JaasPipeline.Console.Pages;

/// <summary>
/// Edits or deletes one rule (<c>PUT</c>/<c>DELETE /api/room-settings/{appId}/{room}</c>): admin only. The API checks
/// every field; its problem is shown as it answers it, and the text typed stays in the form.
/// </summary>
[Authorize(Policy = ConsolePolicies.Admin)]
public sealed class RuleModel(PipelineApis apis) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AppId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Room { get; set; }
    [BindProperty] public string? Settings { get; set; }

    public string? Problem { get; private set; }

    public string? Done { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(AppId) || string.IsNullOrWhiteSpace(Room))
        {
            Settings ??= "{}";
            return;
        }

        var answer = await apis.For(PipelineService.Ingress).GetAsync(RulePath(), cancellation);
        Settings = answer.Succeeded ? (answer.Json?["settings"] ?? answer.Json)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) : "{}";
        Problem = answer.Status == 404 ? null : answer.Problem;
    }

    public async Task OnPostAsync(CancellationToken cancellation)
    {
        JsonNode? settings;
        try
        {
            settings = JsonNode.Parse(Settings ?? "");
        }
        catch (JsonException notJson)
        {
            Problem = $"The settings are not JSON: {notJson.Message}";
            return;
        }

        var answer = await apis.For(PipelineService.Ingress).SendAsync(HttpMethod.Put, RulePath(), settings, cancellation);
        Problem = answer.Problem;
        Done = answer.Succeeded ? $"Stored the rule for {AppId} / {Room}." : null;
    }

    public async Task OnPostDeleteAsync(CancellationToken cancellation)
    {
        var answer = await apis.For(PipelineService.Ingress).SendAsync(HttpMethod.Delete, RulePath(), body: null, cancellation);
        Problem = answer.Problem;
        Done = answer.Succeeded ? $"Deleted the rule for {AppId} / {Room}." : null;
    }

    private string RulePath() => $"/api/room-settings/{Uri.EscapeDataString(AppId?.Trim() ?? "")}/{Uri.EscapeDataString(Room?.Trim() ?? "")}";
}
