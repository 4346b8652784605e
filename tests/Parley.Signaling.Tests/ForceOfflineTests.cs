using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

public sealed class ForceOfflineTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    [Fact]
    public async Task A_new_login_kicks_the_old_session_out_of_its_room_and_offline()
    {
        await using var peer = await Host.LoginAsync("fo_peer");
        await using var old = await Host.LoginAsync("fo_user", platform: "web");
        await peer.CallAsync("joinRoom", new { roomId = 3001 });
        await old.CallAsync("joinRoom", new { roomId = 3001 });
        await peer.NextEventAsync("memberEntered");

        await using var replacement = await Host.LoginAsync("FO_user", platform: "ios");

        var kicked = (await old.NextEventAsync("forceOffline")).Params();
        Assert.Equal("loggedInElsewhere", kicked.Str("reason"));
        Assert.Equal("ios", kicked.Str("platform"));
        Assert.Equal(4001, await old.WaitClosedAsync());

        var exited = (await peer.NextEventAsync("memberExited")).Params();
        Assert.Equal("fo_user", exited.Str("identifier"));
        Assert.Equal("forceOffline", exited.Str("reason"));

        // The new session is not in any room and can join the same one.
        var joined = (await replacement.CallAsync("joinRoom", new { roomId = 3001 })).Result();
        Assert.Equal(["fo_peer", "fo_user"], joined.GetProperty("members").EnumerateArray().Select(m => m.Str("identifier")));
    }
}
