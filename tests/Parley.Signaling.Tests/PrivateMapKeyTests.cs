using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// PrivateMapKey room privileges (docs/protocol.md §12; product-rules §2 "PrivateMapKey": 1 create, 2 enter, 4/8 audio,
/// 16/32 video, 64/128 sub-stream). Refusals at entry are -100006; the bits in force are reported in joinRoom's result.
/// </summary>
public sealed class PrivateMapKeyTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>
{
    private const RoomPrivileges EnterOnly = RoomPrivileges.EnterRoom;
    private SignalingTestHost Host => fixture.Host;

    [Fact]
    public async Task A_key_without_the_enter_bit_cannot_join()
    {
        await using var client = await Host.LoginAsync("pmk_noenter");
        var key = Host.PrivateMapKey("pmk_noenter", 8001, RoomPrivileges.All & ~RoomPrivileges.EnterRoom);

        var response = await client.CallAsync("joinRoom", new { roomId = 8001, privateMapKey = key });

        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, response.ErrorCode());
        Assert.Contains("bit 2", response.GetProperty("error").Str("message"), StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.NotInRoom, (await client.CallAsync("listMembers")).ErrorCode());
    }

    [Fact]
    public async Task A_key_without_the_create_bit_cannot_create_a_missing_room_but_may_enter_an_existing_one()
    {
        // R3.6 creates a missing room on join; bit 1 decides whether this user may be the one who creates it.
        await using var guest = await Host.LoginAsync("pmk_nocreate");
        var key = Host.PrivateMapKey("pmk_nocreate", 8002, EnterOnly);
        var refused = await guest.CallAsync("joinRoom", new { roomId = 8002, privateMapKey = key });
        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, refused.ErrorCode());
        Assert.Contains("bit 1", refused.GetProperty("error").Str("message"), StringComparison.Ordinal);
        Assert.Null(await Host.RoomQueries.GetRoomAsync(TestApp.SdkAppId, 8002, CancellationToken.None));

        await using var creator = await Host.LoginAsync("pmk_creator");
        var creatorKey = Host.PrivateMapKey("pmk_creator", 8002, RoomPrivileges.CreateRoom | RoomPrivileges.EnterRoom);
        Assert.True((await creator.CallAsync("joinRoom", new { roomId = 8002, privateMapKey = creatorKey })).Result().GetProperty("created").GetBoolean());

        var entered = (await guest.CallAsync("joinRoom", new { roomId = 8002, privateMapKey = key })).Result();
        Assert.False(entered.GetProperty("created").GetBoolean());
        Assert.Equal("pmk_creator", entered.Str("owner"));
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        await using var client = await Host.LoginAsync("pmk_expired");
        var key = Host.PrivateMapKey("pmk_expired", 8003, RoomPrivileges.All, expireSeconds: 60, issuedAt: Host.Time.GetUtcNow().AddMinutes(-5));

        var response = await client.CallAsync("joinRoom", new { roomId = 8003, privateMapKey = key });

        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, response.ErrorCode());
        Assert.Contains("expired", response.GetProperty("error").Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_for_another_room_or_another_user_is_refused()
    {
        await using var client = await Host.LoginAsync("pmk_wrongroom");
        var otherRoom = Host.PrivateMapKey("pmk_wrongroom", 8005, RoomPrivileges.All);
        var otherUser = Host.PrivateMapKey("pmk_someone", 8004, RoomPrivileges.All);

        var wrongRoom = await client.CallAsync("joinRoom", new { roomId = 8004, privateMapKey = otherRoom });
        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, wrongRoom.ErrorCode());
        Assert.Contains("another room", wrongRoom.GetProperty("error").Str("message"), StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, (await client.CallAsync("joinRoom", new { roomId = 8004, privateMapKey = otherUser })).ErrorCode());
        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, (await client.CallAsync("joinRoom", new { roomId = 8004, privateMapKey = "garbage" })).ErrorCode());
    }

    [Fact]
    public async Task An_app_that_requires_a_key_refuses_joins_without_one_and_admits_joins_with_one()
    {
        const long app = TestApp.RequiresPrivateMapKeySdkAppId;
        await using var client = await Host.LoginAsync("pmk_required", sdkAppId: app);

        var refused = await client.CallAsync("joinRoom", new { roomId = 8006 });
        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, refused.ErrorCode());
        Assert.Contains("requires a PrivateMapKey", refused.GetProperty("error").Str("message"), StringComparison.Ordinal);

        var key = Host.PrivateMapKey("pmk_required", 8006, RoomPrivileges.All, sdkAppId: app);
        Assert.Equal(255, (await client.CallAsync("joinRoom", new { roomId = 8006, privateMapKey = key })).Result().GetProperty("privileges").GetInt32());
    }

    [Theory]
    [InlineData(RoomPrivileges.SendAudio)]
    [InlineData(RoomPrivileges.ReceiveAudio)]
    [InlineData(RoomPrivileges.SendVideo)]
    [InlineData(RoomPrivileges.ReceiveVideo)]
    [InlineData(RoomPrivileges.SendSubStream)]
    [InlineData(RoomPrivileges.ReceiveSubStream)]
    public async Task Each_send_and_receive_bit_is_in_force_exactly_as_the_key_grants_it(RoomPrivileges bit)
    {
        // The media methods refuse what these bits do not grant (90023); the bits in force are reported at join.
        var identifier = "pmk_bit_" + (uint)bit;
        var roomId = 8100u + (uint)bit;
        await using var client = await Host.LoginAsync(identifier);
        var granted = RoomPrivileges.CreateRoom | RoomPrivileges.EnterRoom | bit;

        var result = (await client.CallAsync("joinRoom", new { roomId, privateMapKey = Host.PrivateMapKey(identifier, roomId, granted) })).Result();

        Assert.Equal((int)granted, result.GetProperty("privileges").GetInt32());
    }

    [Fact]
    public async Task Without_a_key_everything_is_allowed()
    {
        await using var client = await Host.LoginAsync("pmk_nokey");
        Assert.Equal(255, (await client.CallAsync("joinRoom", new { roomId = 8007 })).Result().GetProperty("privileges").GetInt32());
    }

    [Fact]
    public async Task The_login_key_applies_to_joins_and_a_join_key_wins_over_it()
    {
        var loginKey = Host.PrivateMapKey("pmk_login", 8008, RoomPrivileges.CreateRoom | RoomPrivileges.EnterRoom | RoomPrivileges.ReceiveAudio);
        await using var client = await Host.LoginAsync("pmk_login", privateMapKey: loginKey);

        Assert.Equal(11, (await client.CallAsync("joinRoom", new { roomId = 8008 })).Result().GetProperty("privileges").GetInt32());
        // The login key names room 8008 only: another room needs its own key.
        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, (await client.CallAsync("switchRoom", new { roomId = 8009 })).ErrorCode());
        var joinKey = Host.PrivateMapKey("pmk_login", 8009, RoomPrivileges.All);
        Assert.Equal(255, (await client.CallAsync("switchRoom", new { roomId = 8009, privateMapKey = joinKey })).Result().GetProperty("privileges").GetInt32());
    }

    [Fact]
    public async Task A_refused_switch_leaves_the_user_in_its_room()
    {
        // R3.3: a switch is all or nothing.
        await using var client = await Host.LoginAsync("pmk_switch");
        await client.CallAsync("joinRoom", new { roomId = 8010 });
        var noEnter = Host.PrivateMapKey("pmk_switch", 8011, RoomPrivileges.CreateRoom);

        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, (await client.CallAsync("switchRoom", new { roomId = 8011, privateMapKey = noEnter })).ErrorCode());
        Assert.Equal(8010, (await client.CallAsync("listMembers")).Result().GetProperty("roomId").GetInt64());
    }
}
