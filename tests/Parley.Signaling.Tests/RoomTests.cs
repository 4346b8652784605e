using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

public sealed class RoomTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private SignalingTestHost Host => fixture.Host;

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(10_000_001L)]
    [InlineData(4_000_000_000L)]
    public async Task Room_numbers_outside_1_to_10_million_are_invalid(long roomId)
    {
        // R3.2
        await using var client = await Host.LoginAsync("range_" + (roomId < 0 ? "neg" : roomId.ToString()));
        Assert.Equal(ErrorCodes.RoomIdInvalid, (await client.CallAsync("joinRoom", new { roomId })).ErrorCode());
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(10_000_000L)]
    public async Task The_bounds_of_the_room_number_range_are_valid(long roomId)
    {
        // R3.2
        await using var client = await Host.LoginAsync("bound_" + roomId);
        var result = (await client.CallAsync("joinRoom", new { roomId })).Result();
        Assert.Equal(roomId, result.GetProperty("roomId").GetInt64());
    }

    [Fact]
    public async Task Joining_a_missing_room_creates_it_and_makes_the_joiner_its_owner()
    {
        // R3.6 + R3.4
        await using var alice = await Host.LoginAsync("create_alice");
        var result = (await alice.CallAsync("joinRoom", new { roomId = 1001 })).Result();
        Assert.True(result.GetProperty("created").GetBoolean());
        Assert.Equal("create_alice", result.Str("owner"));
        var member = Assert.Single(result.GetProperty("members").EnumerateArray());
        Assert.True(member.GetProperty("isOwner").GetBoolean());
    }

    [Fact]
    public async Task Others_see_entries_and_exits_and_the_joiner_gets_the_member_list()
    {
        await using var alice = await Host.LoginAsync("ev_alice");
        await using var bob = await Host.LoginAsync("ev_bob");
        await alice.CallAsync("joinRoom", new { roomId = 1002 });

        var joined = (await bob.CallAsync("joinRoom", new { roomId = 1002, role = "anchor" })).Result();
        Assert.False(joined.GetProperty("created").GetBoolean());
        Assert.Equal("ev_alice", joined.Str("owner"));
        Assert.Equal(["ev_alice", "ev_bob"], joined.GetProperty("members").EnumerateArray().Select(m => m.Str("identifier")));

        var entered = (await alice.NextEventAsync("memberEntered")).Params();
        Assert.Equal(1002, entered.GetProperty("roomId").GetInt64());
        Assert.Equal("ev_bob", entered.GetProperty("member").Str("identifier"));
        Assert.Equal("anchor", entered.GetProperty("member").Str("role"));
        Assert.False(entered.GetProperty("member").GetProperty("isOwner").GetBoolean());

        Assert.Equal(1002, (await bob.CallAsync("exitRoom")).Result().GetProperty("roomId").GetInt64());
        var exited = (await alice.NextEventAsync("memberExited")).Params();
        Assert.Equal("ev_bob", exited.Str("identifier"));
        Assert.Equal("exit", exited.Str("reason"));
        // The joiner is not told about itself.
        Assert.False(bob.HasReceived(m => m.TryGetProperty("method", out _)));
    }

    [Fact]
    public async Task The_owner_stays_owner_after_leaving_and_cannot_dissolve_the_room()
    {
        // R3.4
        await using var owner = await Host.LoginAsync("own_owner");
        await using var guest = await Host.LoginAsync("own_guest");
        await owner.CallAsync("joinRoom", new { roomId = 1003 });
        await guest.CallAsync("joinRoom", new { roomId = 1003 });
        Assert.Equal(ErrorCodes.RoomDissolveForbidden, (await owner.CallAsync("dissolveRoom", new { roomId = 1003 })).ErrorCode());
        Assert.Equal(ErrorCodes.RoomDissolveForbidden, (await guest.CallAsync("dissolveRoom")).ErrorCode());

        await owner.CallAsync("exitRoom");
        var list = (await guest.CallAsync("listMembers")).Result();
        Assert.Equal("own_owner", list.Str("owner"));
        Assert.Equal(["own_guest"], list.GetProperty("members").EnumerateArray().Select(m => m.Str("identifier")));

        var back = (await owner.CallAsync("joinRoom", new { roomId = 1003 })).Result();
        Assert.Equal("own_owner", back.Str("owner"));
        Assert.Contains(back.GetProperty("members").EnumerateArray(), m => m.Str("identifier") == "own_owner" && m.GetProperty("isOwner").GetBoolean());
    }

    [Fact]
    public async Task A_user_in_a_room_cannot_join_another_without_leaving()
    {
        // R3.3
        await using var client = await Host.LoginAsync("one_room");
        await client.CallAsync("joinRoom", new { roomId = 1004 });
        Assert.Equal(ErrorCodes.AlreadyInRoom, (await client.CallAsync("joinRoom", new { roomId = 1005 })).ErrorCode());
        Assert.Equal(ErrorCodes.AlreadyInRoom, (await client.CallAsync("joinRoom", new { roomId = 1004 })).ErrorCode());
        await client.CallAsync("exitRoom");
        Assert.Equal(1005, (await client.CallAsync("joinRoom", new { roomId = 1005 })).Result().GetProperty("roomId").GetInt64());
    }

    [Fact]
    public async Task Switching_rooms_moves_the_user_in_one_step()
    {
        // R3.3: the switch-room operation.
        await using var mover = await Host.LoginAsync("sw_mover");
        await using var oldPeer = await Host.LoginAsync("sw_old");
        await using var newPeer = await Host.LoginAsync("sw_new");
        await oldPeer.CallAsync("joinRoom", new { roomId = 1006 });
        await newPeer.CallAsync("joinRoom", new { roomId = 1007 });
        await mover.CallAsync("joinRoom", new { roomId = 1006 });
        await oldPeer.NextEventAsync("memberEntered");

        var switched = (await mover.CallAsync("switchRoom", new { roomId = 1007, role = "audience" })).Result();
        Assert.Equal(1007, switched.GetProperty("roomId").GetInt64());
        Assert.Equal("audience", switched.GetProperty("role").Str("name"));
        Assert.Equal(["sw_new", "sw_mover"], switched.GetProperty("members").EnumerateArray().Select(m => m.Str("identifier")));

        var exited = (await oldPeer.NextEventAsync("memberExited")).Params();
        Assert.Equal("switchRoom", exited.Str("reason"));
        Assert.Equal("sw_mover", (await newPeer.NextEventAsync("memberEntered")).Params().GetProperty("member").Str("identifier"));
        Assert.Equal(1007, (await mover.CallAsync("listMembers")).Result().GetProperty("roomId").GetInt64());
    }

    [Fact]
    public async Task A_failed_switch_leaves_the_user_in_the_old_room()
    {
        await using var client = await Host.LoginAsync("sw_fail");
        Assert.Equal(ErrorCodes.NotInRoom, (await client.CallAsync("switchRoom", new { roomId = 1008 })).ErrorCode());
        await client.CallAsync("joinRoom", new { roomId = 1008 });
        Assert.Equal(ErrorCodes.RoomIdInvalid, (await client.CallAsync("switchRoom", new { roomId = 0 })).ErrorCode());
        Assert.Equal(ErrorCodes.AlreadyInRoom, (await client.CallAsync("switchRoom", new { roomId = 1008 })).ErrorCode());
        Assert.Equal(1008, (await client.CallAsync("listMembers")).Result().GetProperty("roomId").GetInt64());
    }

    [Fact]
    public async Task Room_methods_outside_a_room_fail_with_NotInRoom()
    {
        await using var client = await Host.LoginAsync("no_room");
        Assert.Equal(ErrorCodes.NotInRoom, (await client.CallAsync("exitRoom")).ErrorCode());
        Assert.Equal(ErrorCodes.NotInRoom, (await client.CallAsync("listMembers")).ErrorCode());
        Assert.Equal(ErrorCodes.NotInRoom, (await client.CallAsync("changeRole", new { role = "anchor" })).ErrorCode());
    }

    [Fact]
    public async Task Joining_with_an_unknown_or_missing_role_uses_the_default_role()
    {
        // R4.4
        await using var unknown = await Host.LoginAsync("role_unknown");
        var result = (await unknown.CallAsync("joinRoom", new { roomId = 1009, role = "superstar" })).Result();
        Assert.False(result.GetProperty("requestedRoleFound").GetBoolean());
        Assert.Equal("default", result.GetProperty("role").Str("name"));

        await using var missing = await Host.LoginAsync("role_missing");
        var result2 = (await missing.CallAsync("joinRoom", new { roomId = 1009 })).Result();
        Assert.False(result2.GetProperty("requestedRoleFound").GetBoolean());
        Assert.Equal("default", result2.GetProperty("role").Str("name"));

        await using var known = await Host.LoginAsync("role_known");
        var result3 = (await known.CallAsync("joinRoom", new { roomId = 1009, role = "anchor" })).Result();
        Assert.True(result3.GetProperty("requestedRoleFound").GetBoolean());
        Assert.Equal(1280, result3.GetProperty("role").GetProperty("video").GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task Changing_to_an_unknown_role_fails_and_a_known_one_is_announced_to_everyone()
    {
        await using var changer = await Host.LoginAsync("chg_changer");
        await using var watcher = await Host.LoginAsync("chg_watcher");
        await changer.CallAsync("joinRoom", new { roomId = 1010 });
        await watcher.CallAsync("joinRoom", new { roomId = 1010 });

        // R4.5
        Assert.Equal(ErrorCodes.RoleNotFound, (await changer.CallAsync("changeRole", new { role = "nope" })).ErrorCode());

        var changed = (await changer.CallAsync("changeRole", new { role = "anchor" })).Result();
        Assert.Equal("anchor", changed.GetProperty("role").Str("name"));
        foreach (var client in new[] { watcher, changer })
        {
            var ev = (await client.NextEventAsync("roleChanged")).Params();
            Assert.Equal("chg_changer", ev.Str("identifier"));
            Assert.Equal("anchor", ev.Str("role"));
        }
        var list = (await watcher.CallAsync("listMembers")).Result();
        Assert.Contains(list.GetProperty("members").EnumerateArray(), m => m.Str("identifier") == "chg_changer" && m.Str("role") == "anchor");
    }

    [Fact]
    public async Task Closing_the_socket_is_seen_as_disconnected()
    {
        await using var stayer = await Host.LoginAsync("disc_stayer");
        var leaver = await Host.LoginAsync("disc_leaver");
        await stayer.CallAsync("joinRoom", new { roomId = 1011 });
        await leaver.CallAsync("joinRoom", new { roomId = 1011 });
        await leaver.DisposeAsync();
        var exited = (await stayer.NextEventAsync("memberExited")).Params();
        Assert.Equal("disc_leaver", exited.Str("identifier"));
        Assert.Equal("disconnected", exited.Str("reason"));
    }

    [Fact]
    public async Task Logging_out_is_seen_as_logout()
    {
        await using var stayer = await Host.LoginAsync("lo_stayer");
        await using var leaver = await Host.LoginAsync("lo_leaver");
        await stayer.CallAsync("joinRoom", new { roomId = 1012 });
        await leaver.CallAsync("joinRoom", new { roomId = 1012 });
        await leaver.CallAsync("logout");
        Assert.Equal("logout", (await stayer.NextEventAsync("memberExited")).Params().Str("reason"));
    }

    [Fact]
    public async Task Rooms_of_one_app_are_listed_and_described_for_the_admin_api()
    {
        await using var alice = await Host.LoginAsync("q_alice");
        await using var bob = await Host.LoginAsync("q_bob");
        await alice.CallAsync("joinRoom", new { roomId = 1013 });
        await bob.CallAsync("joinRoom", new { roomId = 1013, role = "audience" });

        var rooms = await Host.RoomQueries.ListRoomsAsync(TestApp.SdkAppId);
        var summary = Assert.Single(rooms, r => r.RoomId == 1013);
        Assert.Equal("q_alice", summary.Owner);
        Assert.Equal(2, summary.MemberCount);
        Assert.Null(summary.EmptySince);

        var details = await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 1013);
        Assert.NotNull(details);
        Assert.Equal(["q_alice", "q_bob"], details.Members.Select(m => m.Identifier));
        Assert.Equal("audience", details.Members[1].Role);
        Assert.Null(await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 9_999_999));
        Assert.Empty(await Host.RoomQueries.ListRoomsAsync(TestApp.UnknownSdkAppId));
    }
}
