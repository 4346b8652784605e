using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// Two servers whose silos form one cluster: users connected to different silos share rooms and identities, because
/// room and user grains reach sessions through grain observers wherever the socket lives.
/// </summary>
public sealed class TwoSiloTests : IAsyncLifetime
{
    private SignalingTestHost _first = null!;
    private SignalingTestHost _second = null!;

    public async Task InitializeAsync()
    {
        _first = await SignalingTestHost.StartAsync();
        _second = await SignalingTestHost.StartAsync(joinClusterOf: _first);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Members_on_different_silos_share_a_room_and_see_each_others_events()
    {
        await using var alice = await _first.LoginAsync("multi_alice");
        await using var bob = await _second.LoginAsync("multi_bob");
        Assert.True((await alice.CallAsync("joinRoom", new { roomId = 7001 })).Result().GetProperty("created").GetBoolean());
        var joined = (await bob.CallAsync("joinRoom", new { roomId = 7001 })).Result();
        Assert.False(joined.GetProperty("created").GetBoolean());
        Assert.Equal("multi_alice", joined.Str("owner"));

        Assert.Equal("multi_bob", (await alice.NextEventAsync("memberEntered")).Params().GetProperty("member").Str("identifier"));
        await alice.CallAsync("changeRole", new { role = "anchor" });
        Assert.Equal("anchor", (await bob.NextEventAsync("roleChanged")).Params().Str("role"));
        await bob.CallAsync("exitRoom");
        Assert.Equal("exit", (await alice.NextEventAsync("memberExited")).Params().Str("reason"));
    }

    [Fact]
    public async Task A_login_on_one_silo_kicks_the_same_user_on_the_other()
    {
        await using var peer = await _first.LoginAsync("multi_peer");
        await using var old = await _second.LoginAsync("multi_user");
        await peer.CallAsync("joinRoom", new { roomId = 7002 });
        await old.CallAsync("joinRoom", new { roomId = 7002 });

        await using var replacement = await _first.LoginAsync("multi_user");
        Assert.Equal("web", (await old.NextEventAsync("forceOffline")).Params().Str("platform"));
        Assert.Equal(4001, await old.WaitClosedAsync());
        Assert.Equal("forceOffline", (await peer.NextEventAsync("memberExited")).Params().Str("reason"));
    }

    [Fact]
    public async Task A_dismissal_through_one_silo_ends_the_stays_of_members_connected_to_the_other()
    {
        // The room grain and the user grains may live anywhere: each member hears its end through its own user grain and
        // session observer, on the silo holding its socket.
        await using var near = await _first.LoginAsync("multi_dsm_near");
        await using var far = await _second.LoginAsync("multi_dsm_far");
        await near.CallAsync("joinRoom", new { roomId = 7003 });
        await far.CallAsync("joinRoom", new { roomId = 7003 });

        Assert.True(await _first.RoomAdministration.DismissAsync(TestApp.SdkAppId, 7003));

        Assert.Equal("dismissed", (await far.NextEventAsync("kickedOut")).Params().Str("reason"));
        Assert.Equal("dismissed", (await near.NextEventAsync("kickedOut")).Params().Str("reason"));
        Assert.Equal(Parley.Protocol.Errors.ErrorCodes.NotInRoom, (await far.CallAsync("listMembers")).ErrorCode());
        Assert.Null(await _second.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 7003));
    }
}
