using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// The SDK against the real server: two users log in with userSigs, meet in room 1234-style rooms, switch rooms and
/// roles, get typed errors, and get kicked when the same identifier logs in elsewhere.
/// </summary>
public sealed class UserStoryTests(SharedServerFixture fixture) : SharedServerTests(fixture)
{
    [Fact]
    public async Task Two_users_join_the_same_room_and_see_each_other_enter_and_exit() // R2.2, R3.1, R3.4, R3.6
    {
        var room = Fixture.NewRoomId();
        var (alice, aliceId) = await LoginAsync("alice");
        var (bob, bobId) = await LoginAsync("bob");
        var aliceSeesEntered = Record<MemberEnteredEventArgs>(h => alice.MemberEntered += h);
        var aliceSeesExited = Record<MemberExitedEventArgs>(h => alice.MemberExited += h);

        var first = await alice.JoinRoomAsync(room, SharedServerFixture.AnchorRole);
        var second = await bob.JoinRoomAsync(room);

        Assert.True(first.Created); // R3.6: joining a missing room creates it
        Assert.Equal(aliceId, first.Owner); // R3.4: the first user is the owner
        Assert.Equal(SharedServerFixture.AnchorRole, first.Role.Name);
        Assert.True(first.RequestedRoleFound);
        Assert.False(second.Created);
        Assert.Equal([aliceId, bobId], second.Members.Select(m => m.Identifier));
        var entered = await aliceSeesEntered.NextAsync();
        Assert.Equal(room, entered.RoomId);
        Assert.Equal(bobId, entered.Member.Identifier);

        await bob.ExitRoomAsync();

        var exited = await aliceSeesExited.NextAsync();
        Assert.Equal(bobId, exited.Identifier);
        Assert.Equal(ExitReasons.Exit, exited.Reason);
        Assert.Equal([aliceId], (await alice.ListMembersAsync()).Members.Select(m => m.Identifier));
    }

    [Fact]
    public async Task Switching_rooms_moves_the_user_and_the_old_room_sees_a_switchRoom_exit() // R3.3
    {
        var (room, other) = (Fixture.NewRoomId(), Fixture.NewRoomId());
        var (alice, _) = await LoginAsync("alice");
        var (bob, bobId) = await LoginAsync("bob");
        var aliceSeesExited = Record<MemberExitedEventArgs>(h => alice.MemberExited += h);
        await alice.JoinRoomAsync(room);
        await bob.JoinRoomAsync(room);

        var alreadyIn = await Assert.ThrowsAsync<ParleyException>(() => bob.JoinRoomAsync(other));
        Assert.Equal(ErrorCodes.AlreadyInRoom, alreadyIn.Code); // R3.3: one room at a time
        var moved = await bob.SwitchRoomAsync(other);

        Assert.Equal(other, moved.RoomId);
        Assert.Equal(other, bob.CurrentRoomId);
        var exited = await aliceSeesExited.NextAsync();
        Assert.Equal(bobId, exited.Identifier);
        Assert.Equal(ExitReasons.SwitchRoom, exited.Reason);
    }

    [Fact]
    public async Task Switching_roles_is_seen_by_everyone_in_the_room_and_an_unknown_role_fails_with_90004() // R4.3, R4.4, R4.5
    {
        var room = Fixture.NewRoomId();
        var (alice, aliceId) = await LoginAsync("alice");
        var (bob, _) = await LoginAsync("bob");
        var bobSeesRole = Record<RoleChangedEventArgs>(h => bob.RoleChanged += h);
        var joined = await alice.JoinRoomAsync(room, "no_such_role");
        await bob.JoinRoomAsync(room);
        Assert.False(joined.RequestedRoleFound); // R4.4: an unknown role on entry falls back to the default
        Assert.Equal(alice.Roles!.DefaultRole, joined.Role.Name);

        var changed = await alice.ChangeRoleAsync(SharedServerFixture.AnchorRole);

        Assert.Equal(SharedServerFixture.AnchorRole, changed.Role.Name);
        Assert.Equal(SharedServerFixture.AnchorRole, alice.CurrentRole);
        var seen = await bobSeesRole.NextAsync();
        Assert.Equal((room, aliceId, SharedServerFixture.AnchorRole), (seen.RoomId, seen.Identifier, seen.Role));
        var unknown = await Assert.ThrowsAsync<ParleyException>(() => alice.ChangeRoleAsync("no_such_role"));
        Assert.Equal(ErrorCodes.RoleNotFound, unknown.Code); // R4.5: switching to a missing role fails
        Assert.Equal(SharedServerFixture.AnchorRole, alice.CurrentRole);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(10_000_001)]
    public async Task A_room_id_outside_1_to_10_million_fails_with_minus_3318(long roomId) // R3.2
    {
        var (alice, _) = await LoginAsync("alice");

        var error = await Assert.ThrowsAsync<ParleyException>(() => alice.JoinRoomAsync(roomId));

        Assert.Equal(ErrorCodes.RoomIdInvalid, error.Code);
        Assert.Null(alice.CurrentRoomId);
    }

    [Fact]
    public async Task A_userSig_signed_with_the_wrong_key_fails_with_70009() // R2.2
    {
        var client = NewClient();
        var identifier = Fixture.NewIdentifier("mallory");
        var forged = UserSigGenerator.Generate(Fixture.Server.DefaultApp.SdkAppId, new string('0', 64), identifier);

        var error = await Assert.ThrowsAsync<ParleyException>(() => client.LoginAsync(Fixture.Server.DefaultApp.SdkAppId, identifier, forged));

        Assert.Equal(ErrorCodes.UserSigSignatureMismatch, error.Code);
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public async Task A_userSig_of_another_identifier_fails_with_70013()
    {
        var client = NewClient();
        var identifier = Fixture.NewIdentifier("eve");

        var error = await Assert.ThrowsAsync<ParleyException>(() =>
            client.LoginAsync(Fixture.Server.DefaultApp.SdkAppId, identifier, Fixture.Server.UserSig(identifier + "x")));

        Assert.Equal(ErrorCodes.UserSigIdentifierMismatch, error.Code);
    }

    [Fact]
    public async Task Logging_in_with_the_same_identifier_elsewhere_forces_the_first_client_offline() // R2.1
    {
        var room = Fixture.NewRoomId();
        var identifier = Fixture.NewIdentifier("alice");
        var first = NewClient();
        await first.LoginAsync(Fixture.Server.DefaultApp.SdkAppId, identifier, Fixture.Server.UserSig(identifier));
        await first.JoinRoomAsync(room);
        var (watcher, _) = await LoginAsync("watcher");
        await watcher.JoinRoomAsync(room);
        var kicked = Record<ForceOfflineEventArgs>(h => first.ForceOffline += h);
        var disconnected = Record<DisconnectedEventArgs>(h => first.Disconnected += h);
        var watcherSeesExit = Record<MemberExitedEventArgs>(h => watcher.MemberExited += h);

        // R2.1: identifiers are case-insensitive, so the upper-case spelling is the same user.
        var second = NewClient(o => o.Platform = "web");
        var upper = identifier.ToUpperInvariant();
        await second.LoginAsync(Fixture.Server.DefaultApp.SdkAppId, upper, Fixture.Server.UserSig(upper));

        Assert.Equal("web", (await kicked.NextAsync()).Platform);
        var closed = await disconnected.NextAsync();
        Assert.Equal(CloseCodes.ForceOffline, closed.CloseCode);
        Assert.False(closed.WillReconnect); // no auto-reconnect loop after a kick
        Assert.False(first.IsLoggedIn);
        Assert.Equal(ExitReasons.ForceOffline, (await watcherSeesExit.NextAsync()).Reason);
        Assert.True(second.IsLoggedIn);
        Assert.Equal(identifier, second.Identifier); // the first spelling is the display spelling
    }

    [Fact]
    public async Task A_dropped_socket_of_a_client_that_does_not_resume_is_reconnected_and_the_server_sees_it_rejoin_the_room()
    {
        var room = Fixture.NewRoomId();
        var (alice, aliceId) = await LoginAsync("alice", o => o.Resumable = false); // the resume path: ClientResumeTests
        var (bob, _) = await LoginAsync("bob");
        await alice.JoinRoomAsync(room, SharedServerFixture.AnchorRole);
        await bob.JoinRoomAsync(room);
        var reconnected = Record<ReconnectedEventArgs>(h => alice.Reconnected += h);
        var bobSeesEntered = Record<MemberEnteredEventArgs>(h => bob.MemberEntered += h);

        alice.AbortConnectionForTesting();

        var back = await reconnected.NextAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(room, back.Room?.RoomId);
        Assert.Equal(SharedServerFixture.AnchorRole, back.Room?.Role.Name);
        var entered = await bobSeesEntered.NextAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(aliceId, entered.Member.Identifier);
        Assert.Equal(SharedServerFixture.AnchorRole, entered.Member.Role);
        var members = await bob.ListMembersAsync();
        Assert.Contains(members.Members, m => m.Identifier == aliceId);
        Assert.Equal(room, alice.CurrentRoomId);
    }

    [Fact]
    public async Task Logout_makes_the_room_see_a_logout_exit()
    {
        var room = Fixture.NewRoomId();
        var (alice, _) = await LoginAsync("alice");
        var (bob, bobId) = await LoginAsync("bob");
        var aliceSeesExited = Record<MemberExitedEventArgs>(h => alice.MemberExited += h);
        await alice.JoinRoomAsync(room);
        await bob.JoinRoomAsync(room);

        await bob.LogoutAsync();

        var exited = await aliceSeesExited.NextAsync();
        Assert.Equal((bobId, ExitReasons.Logout), (exited.Identifier, exited.Reason));
        Assert.False(bob.IsLoggedIn);
    }

    [Fact]
    public async Task Users_of_another_app_never_see_this_apps_rooms() // R1.2
    {
        var room = Fixture.NewRoomId();
        var (otherApp, otherKey) = await SharedServerFixture.CreateAppAsync(Fixture.Server, "isolation");
        var (alice, aliceId) = await LoginAsync("alice");
        var aliceSeesEntered = Record<MemberEnteredEventArgs>(h => alice.MemberEntered += h);
        await alice.JoinRoomAsync(room);

        // Same room number and the same identifier, but in app B.
        var twin = NewClient();
        var twinKicked = Record<ForceOfflineEventArgs>(h => alice.ForceOffline += h);
        await twin.LoginAsync(otherApp, aliceId, UserSigGenerator.Generate(otherApp, otherKey, aliceId));
        var joined = await twin.JoinRoomAsync(room);
        var (bob, bobId) = await LoginAsync("bob");
        await bob.JoinRoomAsync(room);

        Assert.True(joined.Created); // app B's room 1234 is a different room
        Assert.Equal([aliceId], joined.Members.Select(m => m.Identifier));
        Assert.Equal(bobId, (await aliceSeesEntered.NextAsync()).Member.Identifier); // events of app A arrive…
        Assert.False(aliceSeesEntered.HasPending); // …but none of app B
        Assert.False(twinKicked.HasPending); // the same identifier in app B is another user
        Assert.True(alice.IsLoggedIn);
        Assert.Equal([aliceId, bobId], (await alice.ListMembersAsync()).Members.Select(m => m.Identifier));
    }
}
