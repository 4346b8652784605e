using Parley.Protocol.Errors;
using Parley.Signaling.Grains;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>An operator's kick (admin API → IRoomAdministration): the room sees reason kicked, the user gets kickedOut and stays logged in.</summary>
public sealed class KickTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    [Fact]
    public async Task A_kicked_member_leaves_with_its_producers_and_is_told_but_stays_logged_in()
    {
        await using var victim = await Host.LoginAsync("kick_Victim");
        await using var peer = await Host.LoginAsync("kick_peer");
        await victim.CallAsync("joinRoom", new { roomId = 4001 });
        await peer.CallAsync("joinRoom", new { roomId = 4001 });
        Assert.Equal(0, await Host.Room(4001).AddProducer("kick_victim", victim.LoginResult.Str("sessionId"), new RoomProducer("kv", "audio", "microphone", false, "opus")));

        Assert.True(await Host.RoomAdministration.KickAsync(TestApp.SdkAppId, 4001, "KICK_VICTIM"));

        var kicked = (await victim.NextEventAsync("kickedOut")).Params();
        Assert.Equal(4001, kicked.GetProperty("roomId").GetInt64());
        Assert.Equal("kicked", kicked.Str("reason"));
        Assert.Equal("kv", (await peer.NextEventAsync("trackUnpublished")).Params().Str("producerId"));
        var exited = (await peer.NextEventAsync("memberExited")).Params();
        Assert.Equal("kick_Victim", exited.Str("identifier"));
        Assert.Equal("kicked", exited.Str("reason"));

        Assert.Equal(ErrorCodes.NotInRoom, (await victim.CallAsync("listMembers")).ErrorCode());
        Assert.Equal(4001, (await victim.CallAsync("joinRoom", new { roomId = 4001 })).Result().GetProperty("roomId").GetInt64());
    }

    [Fact]
    public async Task Kicking_someone_who_is_not_in_that_room_does_nothing()
    {
        await using var user = await Host.LoginAsync("kick_elsewhere");
        await user.CallAsync("joinRoom", new { roomId = 4002 });

        Assert.False(await Host.RoomAdministration.KickAsync(TestApp.SdkAppId, 4003, "kick_elsewhere"));
        Assert.False(await Host.RoomAdministration.KickAsync(TestApp.SdkAppId, 4002, "kick_nobody"));
        Assert.False(await Host.RoomAdministration.KickAsync(TestApp.SdkAppId, 4002, "not valid!"));
        Assert.Equal(4002, (await user.CallAsync("listMembers")).Result().GetProperty("roomId").GetInt64());
    }
}
