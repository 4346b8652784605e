using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>Everything driven by the clock, on a server whose TimeProvider is a fake clock.</summary>
public sealed class TimerTests : FakeClockHostTests
{
    [Fact]
    public async Task An_empty_room_survives_29_seconds_and_is_dissolved_after_30()
    {
        await using var alice = await Host.LoginAsync("dis_alice");
        await using var bob = await Host.LoginAsync("dis_bob");
        Assert.True((await alice.CallAsync("joinRoom", new { roomId = 4001 })).Result().GetProperty("created").GetBoolean());
        await alice.CallAsync("exitRoom");

        // R3.5: rejoining within the delay finds the same room, same owner.
        Clock.Advance(TimeSpan.FromSeconds(29));
        await KeepAlive(alice, bob);
        var rejoin = (await bob.CallAsync("joinRoom", new { roomId = 4001 })).Result();
        Assert.False(rejoin.GetProperty("created").GetBoolean());
        Assert.Equal("dis_alice", rejoin.Str("owner"));
        await bob.CallAsync("exitRoom");

        var empty = await Host.RoomQueries.GetRoomAsync(Parley.Signaling.Tests.Infrastructure.TestApp.SdkAppId, 4001);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), empty!.EmptySince!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(empty.EmptySince + TimeSpan.FromSeconds(30), empty.DissolvesAt); // R3.5, shown to operators

        // R3.5: 30 seconds after the last member left, the room is gone; the next join creates a new one.
        Clock.Advance(TimeSpan.FromSeconds(20));
        await KeepAlive(alice, bob);
        Assert.NotNull(await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 4001));
        Clock.Advance(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(async () => await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 4001) is null);
        await KeepAlive(alice, bob);
        var fresh = (await bob.CallAsync("joinRoom", new { roomId = 4001 })).Result();
        Assert.True(fresh.GetProperty("created").GetBoolean());
        Assert.Equal("dis_bob", fresh.Str("owner"));
    }

    [Fact]
    public async Task A_silent_socket_is_closed_4003_and_leaves_as_disconnected()
    {
        await using var silent = await Host.LoginAsync("hb_silent");
        await using var talker = await Host.LoginAsync("hb_talker");
        await silent.CallAsync("joinRoom", new { roomId = 4002 });
        await talker.CallAsync("joinRoom", new { roomId = 4002 });

        Clock.Advance(TimeSpan.FromSeconds(20));
        await talker.CallAsync("ping");
        Assert.False(silent.Closed.Task.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(4003, await silent.WaitClosedAsync());
        var exited = (await talker.NextEventAsync("memberExited")).Params();
        Assert.Equal("hb_silent", exited.Str("identifier"));
        Assert.Equal("disconnected", exited.Str("reason"));
        // The talker was active 11 s ago, so it is still connected.
        Assert.False(talker.Closed.Task.IsCompleted);
        await talker.CallAsync("ping");
    }

    [Fact]
    public async Task An_expiring_userSig_kicks_the_user_with_an_event_and_4002()
    {
        await using var expiring = await Host.LoginAsync("exp_user", expireSeconds: 60);
        await using var peer = await Host.LoginAsync("exp_peer");
        Assert.Equal(Clock.GetUtcNow().AddSeconds(60).ToUnixTimeSeconds() * 1000, expiring.LoginResult.GetProperty("userSigExpiresAt").GetInt64());
        await expiring.CallAsync("joinRoom", new { roomId = 4003 });
        await peer.CallAsync("joinRoom", new { roomId = 4003 });

        // Heartbeats keep both alive; at 60 s the sig is still valid (R2.3: expired when now > time + expire).
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(20));
            await KeepAlive(expiring, peer);
        }
        Assert.False(expiring.Closed.Task.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(1));

        // R2.4: kicked offline with an event the app can listen for.
        var ev = (await expiring.NextEventAsync("userSigExpired")).Params();
        Assert.True(ev.GetProperty("expiredAt").GetInt64() > 0);
        Assert.Equal(4002, await expiring.WaitClosedAsync());
        var exited = (await peer.NextEventAsync("memberExited")).Params();
        Assert.Equal("userSigExpired", exited.Str("reason"));
    }

    [Fact]
    public async Task Renewing_the_userSig_moves_the_expiry()
    {
        await using var client = await Host.LoginAsync("renew_user", expireSeconds: 60);
        Clock.Advance(TimeSpan.FromSeconds(20));
        var renewed = (await client.CallAsync("renewUserSig", new { userSig = Host.UserSig("renew_user", 120) })).Result();
        Assert.Equal(Clock.GetUtcNow().AddSeconds(120).ToUnixTimeSeconds() * 1000, renewed.GetProperty("userSigExpiresAt").GetInt64());

        // A sig of someone else or a broken one is refused and changes nothing.
        Assert.Equal(ErrorCodes.UserSigIdentifierMismatch, (await client.CallAsync("renewUserSig", new { userSig = Host.UserSig("other_user") })).ErrorCode());
        Assert.Equal(ErrorCodes.UserSigMalformed, (await client.CallAsync("renewUserSig", new { userSig = "garbage" })).ErrorCode());

        // Past the old expiry (60 s) and still connected, thanks to the renewal.
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(20));
            await client.CallAsync("ping");
        }
        Assert.False(client.Closed.Task.IsCompleted);
        // Up to the new expiry (20 + 120 s) it lives; one second past it, it ends.
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(20));
            await client.CallAsync("ping");
        }
        Clock.Advance(TimeSpan.FromSeconds(1));
        await client.NextEventAsync("userSigExpired");
        Assert.Equal(4002, await client.WaitClosedAsync());
    }

    [Fact]
    public async Task A_connection_that_never_logs_in_is_closed_4010()
    {
        await using var client = await Host.ConnectAsync();
        // An answered request proves the session (and its login timer) is running before the clock moves.
        Assert.Equal(ErrorCodes.NotLoggedIn, (await client.CallAsync("ping")).ErrorCode());
        Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(client.Closed.Task.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4010, await client.WaitClosedAsync());
    }

    [Fact]
    public async Task Role_changes_reach_a_session_only_at_its_next_login()
    {
        // R4.6: the RoleSet is a snapshot taken at login.
        await using var before = await Host.LoginAsync("snap_user");
        Host.Roles.Replace(Parley.Protocol.Roles.RoleDefinition.BuiltInDefault("web"), InMemoryRoleCatalog.Anchor,
            InMemoryRoleCatalog.Audience with { Name = "guest" });
        await before.CallAsync("joinRoom", new { roomId = 4004 });
        Assert.Equal(ErrorCodes.RoleNotFound, (await before.CallAsync("changeRole", new { role = "guest" })).ErrorCode());
        Assert.Equal("audience", (await before.CallAsync("changeRole", new { role = "audience" })).Result().GetProperty("role").Str("name"));

        await using var after = await Host.LoginAsync("snap_user");
        await after.CallAsync("joinRoom", new { roomId = 4004 });
        Assert.Equal("guest", (await after.CallAsync("changeRole", new { role = "guest" })).Result().GetProperty("role").Str("name"));
    }

    [Fact]
    public async Task When_the_role_pull_fails_at_login_no_role_is_found()
    {
        // R4.6: "if that pull fails, roles are not found".
        Host.Roles.Fail = true;
        await using var client = await Host.LoginAsync("pull_fail");
        Host.Roles.Fail = false;
        Assert.Equal(0, client.LoginResult.GetProperty("roles").GetProperty("roles").GetArrayLength());
        var joined = (await client.CallAsync("joinRoom", new { roomId = 4005, role = "anchor" })).Result();
        Assert.False(joined.GetProperty("requestedRoleFound").GetBoolean());
        Assert.Equal("default", joined.GetProperty("role").Str("name"));
        Assert.Equal(ErrorCodes.RoleNotFound, (await client.CallAsync("changeRole", new { role = "anchor" })).ErrorCode());
    }

    private static async Task KeepAlive(params TestClient[] clients)
    {
        foreach (var client in clients)
        {
            await client.CallAsync("ping");
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
