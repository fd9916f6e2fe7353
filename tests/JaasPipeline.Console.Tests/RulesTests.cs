using System.Net.Http.Json;
using Microsoft.Playwright;

namespace JaasPipeline.Console.Tests;

/// <summary>Rules: an edit shows the API's validation message and keeps the text typed; changes are listed; passcodes are for admins only.</summary>
public sealed class RulesTests
{
    private const string AppId = "vpaas-magic-cookie-rules";

    [Test]
    public async Task InvalidSettings_ShowTheApisProblem_AndValidOnesAreStored()
    {
        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.OperatorKey);

        await page.GotoAsync($"/console/rules/edit?appId={AppId}&room=standup");
        await page.GetByLabel("Settings").FillAsync("""{"maxOccupants":1}""");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save" }).ClickAsync();

        Assert.That(await page.GetByRole(AriaRole.Alert).InnerTextAsync(), Does.StartWith("400").And.Contain("maxOccupants"));
        Assert.That(await page.GetByLabel("Settings").InputValueAsync(), Is.EqualTo("""{"maxOccupants":1}"""), "what was typed stays");

        await page.GetByLabel("Settings").FillAsync("""{"maxOccupants":20}""");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).GetByText($"Stored the rule for {AppId} / standup.").WaitForAsync();
        var stored = await ConsoleDeployment.ApiTextAsync($"/api/room-settings/{AppId}/standup");
        Assert.That(stored, Does.Contain("\"maxOccupants\":20"));

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Delete this rule" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).GetByText($"Deleted the rule for {AppId} / standup.").WaitForAsync();
        Assert.That(await ConsoleDeployment.ApiTextAsync($"/api/room-settings/{AppId}/standup"), Is.Null);

        // The audit trail, newest first: the deletion, then the rule as it was stored (the refused edit is no change).
        await page.GotoAsync($"/console/rules?appId={AppId}");
        var changes = page.Locator("table.changes tbody tr");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await changes.Nth(0).InnerTextAsync(), Does.Contain("standup").And.Contain("\"maxOccupants\":20").And.Contain("(deleted)"));
            Assert.That(await changes.Nth(1).InnerTextAsync(), Does.Contain("standup").And.Contain("(none)").And.Contain("\"maxOccupants\":20"));
            Assert.That(await changes.Nth(0).InnerTextAsync(), Does.Contain("key:"), "which key made it, by its hash");
        }
    }

    [Test]
    public async Task Passcode_IsShownToAdmins_AndHiddenFromTheReadRole()
    {
        using (var put = await ConsoleDeployment.Standalone.Client.PutAsJsonAsync($"/api/room-settings/{AppId}/secret-room", new { passcode = "424242" }))
        {
            Assert.That(put.IsSuccessStatusCode, Is.True, await put.Content.ReadAsStringAsync());
        }

        var reader = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.ReadKey);
        await reader.GotoAsync($"/console/rules?appId={AppId}");
        var admin = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.OperatorKey);
        await admin.GotoAsync($"/console/rules?appId={AppId}");

        Assert.That(await reader.Locator("main").InnerTextAsync(), Does.Contain("secret-room").And.Not.Contain("424242"));
        Assert.That(await admin.Locator("main").InnerTextAsync(), Does.Contain("424242"));
    }
}
