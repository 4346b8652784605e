using System.Text.Json;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Protocol.Roles;

namespace Parley.Protocol.Tests;

/// <summary>
/// The wire format is a contract with every SDK (C#, browser, third-party clients written from docs/protocol.md):
/// these tests pin the exact JSON property names and the omission of nulls.
/// </summary>
public class WireFormatTests
{
    [Fact]
    public void Login_params_serialize_with_the_camel_case_names_of_the_protocol_document()
    {
        var json = JsonSerializer.Serialize(new LoginParams(1400000001, "alice", "sig", Platform.Web), ProtocolJsonContext.Default.LoginParams);

        Assert.Equal("""{"sdkAppId":1400000001,"identifier":"alice","userSig":"sig","platform":"web"}""", json);
    }

    [Fact]
    public void Join_params_without_a_role_omit_the_role_property()
    {
        var json = JsonSerializer.Serialize(new JoinRoomParams(1234), ProtocolJsonContext.Default.JoinRoomParams);

        Assert.Equal("""{"roomId":1234}""", json);
    }

    [Fact]
    public void A_role_definition_round_trips_through_its_documented_shape()
    {
        var role = new RoleDefinition("anchor", Platform.Android, new VideoParameters(1280, 720, 30, 600, 2000), new AudioParameters(48000, 2, 64));

        var json = JsonSerializer.Serialize(role, ProtocolJsonContext.Default.RoleDefinition);
        var back = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.RoleDefinition);

        Assert.Equal(
            """{"name":"anchor","platform":"android","video":{"width":1280,"height":720,"fps":30,"minBitrateKbps":600,"maxBitrateKbps":2000},"audio":{"sampleRate":48000,"channels":2,"bitrateKbps":64},"isDefault":false}""",
            json);
        Assert.Equal(role, back);
    }

    [Fact]
    public void Member_exited_events_carry_room_identifier_and_reason()
    {
        var json = JsonSerializer.Serialize(new MemberExitedEvent(7, "Bob", ExitReasons.Disconnected), ProtocolJsonContext.Default.MemberExitedEvent);

        Assert.Equal("""{"roomId":7,"identifier":"Bob","reason":"disconnected"}""", json);
    }

    [Fact]
    public void Numbers_sent_as_strings_are_rejected_rather_than_coerced()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"roomId":"1234"}""", ProtocolJsonContext.Default.JoinRoomParams));
    }
}
