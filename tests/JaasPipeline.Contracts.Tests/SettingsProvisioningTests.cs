using System.Text.Json;
using System.Text.Json.Nodes;
using JaasPipeline.Contracts;
using static JaasPipeline.Contracts.Tests.ReferenceFixtures;

namespace JaasPipeline.Contracts.Tests;

/// <summary>The SETTINGS_PROVISIONING request and response read and write the reference's JSON.</summary>
public sealed class SettingsProvisioningTests
{
    [Test]
    public void ReferenceRequest_DeserializesWithFqnParts()
    {
        var request = JsonSerializer.Deserialize<SettingsProvisioningRequest>(ReadSettingsProvisioning("Request"))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Fqn, Is.EqualTo("AppID/roomName"));
            Assert.That(request.FqnAppId, Is.EqualTo("AppID"));
            Assert.That(request.RoomName, Is.EqualTo("roomName"));
        }
    }

    [Test]
    public void Request_SerializesToTheReferenceShapeOnly()
    {
        var json = JsonSerializer.Serialize(new SettingsProvisioningRequest { Fqn = "AppID/roomName" });

        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(ReadSettingsProvisioning("Request"))), Is.True, json);
    }

    [Test]
    public void ReferenceResponse_DeserializesEveryField()
    {
        var response = JsonSerializer.Deserialize<SettingsProvisioningResponse>(ReadSettingsProvisioning("Response"));

        Assert.That(response, Is.EqualTo(ReferenceResponse));
    }

    [Test]
    public void Response_SerializesToTheReferenceJson()
    {
        var json = JsonSerializer.Serialize(ReferenceResponse);

        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(ReadSettingsProvisioning("Response"))), Is.True, json);
    }

    [Test]
    public void ResponseWithUnsetFields_LeavesThemOut()
    {
        var json = JsonSerializer.Serialize(new SettingsProvisioningResponse { LobbyEnabled = false, MaxOccupants = 10 });

        Assert.That(json, Is.EqualTo("""{"lobbyEnabled":false,"maxOccupants":10}"""));
    }

    private static readonly SettingsProvisioningResponse ReferenceResponse = new()
    {
        LobbyEnabled = true,
        Passcode = "0000",
        LobbyType = "WAIT_FOR_APPROVAL",
        MaxOccupants = 4,
        TranscriberType = "EGHT_WHISPER",
        ParticipantsSoftLimit = 3,
        VisitorsEnabled = true,
        HideDisplayName = "GUEST",
    };
}
