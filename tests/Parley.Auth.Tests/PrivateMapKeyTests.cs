using static Parley.Auth.Tests.HandBuiltSig;

namespace Parley.Auth.Tests;

/// <summary>PrivateMapKey, the room-level permission ticket (product-rules §2, "PrivateMapKey").</summary>
public class PrivateMapKeyTests
{
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1700003600);

    [Fact]
    public void A_hand_built_big_endian_userbuf_parses_field_by_field()
    {
        byte[] userBuf =
        [
            0x00,                   // version 0
            0x00, 0x03,             // identifier length 3
            (byte)'b', (byte)'o', (byte)'b',
            0x53, 0x72, 0x4E, 0xC0, // sdkappid 1400000192
            0x00, 0x00, 0x30, 0x39, // room id 12345
            0x65, 0x53, 0xFE, 0x10, // expiry 1700003344
            0x00, 0x00, 0x00, 0x2E, // privileges 2|4|8|32
            0x00, 0x00, 0x8F, 0xFE, // accountType 36862
        ];

        Assert.True(PrivateMapKey.TryParse(userBuf, out PrivateMapKey? key));

        Assert.NotNull(key);
        Assert.Equal(0, key.Version);
        Assert.Equal("bob", key.Identifier);
        Assert.Equal(1400000192, key.SdkAppId);
        Assert.Equal(12345u, key.RoomId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700003344), key.ExpiresAt);
        Assert.Equal(RoomPrivileges.EnterRoom | RoomPrivileges.SendAudio | RoomPrivileges.ReceiveAudio | RoomPrivileges.ReceiveVideo, key.Privileges);
        Assert.Equal(36862, key.AccountType);
        Assert.Null(key.StringRoomId);
        Assert.Equal(userBuf, key.ToUserBuf());
    }

    [Fact]
    public void A_hand_built_version_1_userbuf_carries_a_string_room_id()
    {
        byte[] userBuf =
        [
            0x01, 0x00, 0x01, (byte)'a',
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x65, 0x53, 0xFE, 0x10, 0x00, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x04, (byte)'r', (byte)'o', (byte)'o', (byte)'m',
        ];

        Assert.True(PrivateMapKey.TryParse(userBuf, out PrivateMapKey? key));

        Assert.Equal(1, key!.Version);
        Assert.Equal("room", key.StringRoomId);
        Assert.Equal(0u, key.RoomId);
        Assert.Equal(RoomPrivileges.All, key.Privileges);
        Assert.Equal(userBuf, key.ToUserBuf());
    }

    [Fact]
    public void A_version_0_key_round_trips()
    {
        var key = new PrivateMapKey("alice", SdkAppId, 4242, Expiry, RoomPrivileges.EnterRoom | RoomPrivileges.SendVideo, 7);

        Assert.True(PrivateMapKey.TryParse(key.ToUserBuf(), out PrivateMapKey? parsed));

        Assert.Equal(key, parsed);
        Assert.Equal(0, parsed!.Version);
    }

    [Fact]
    public void A_version_1_key_with_a_utf8_string_room_id_round_trips()
    {
        var key = new PrivateMapKey("用户", SdkAppId, 0, Expiry, RoomPrivileges.All, 0, "会议室-1");

        byte[] userBuf = key.ToUserBuf();

        Assert.Equal(1, userBuf[0]);
        Assert.True(PrivateMapKey.TryParse(userBuf, out PrivateMapKey? parsed));
        Assert.Equal(key, parsed);
    }

    [Fact]
    public void Generated_key_verifies_and_carries_an_absolute_expiry_in_its_userbuf()
    {
        string sig = PrivateMapKeyGenerator.Generate(SdkAppId, Key, Identifier, 3600, 12345, RoomPrivileges.EnterRoom | RoomPrivileges.ReceiveAudio, 36862, now: IssuedAt);

        UserSigVerification result = UserSigVerifier.Verify(sig, SdkAppId, Identifier, Keys, IssuedAt.AddMinutes(1));

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(IssuedAt.AddSeconds(3600), result.ExpiresAt);
        Assert.True(PrivateMapKey.TryParse(result.UserBuf, out PrivateMapKey? ticket));
        Assert.Equal(new PrivateMapKey(Identifier, SdkAppId, 12345, IssuedAt.AddSeconds(3600), RoomPrivileges.EnterRoom | RoomPrivileges.ReceiveAudio, 36862), ticket);
        Assert.True(ticket!.Allows(RoomPrivileges.EnterRoom));
        Assert.False(ticket.Allows(RoomPrivileges.EnterRoom | RoomPrivileges.SendAudio));
        Assert.Contains("\"TLS.expire\":3600,", Unwrap(sig), StringComparison.Ordinal); // the envelope keeps the duration
    }

    [Fact]
    public void Generated_key_with_a_string_room_id_is_version_1()
    {
        string sig = PrivateMapKeyGenerator.Generate(SdkAppId, Key, Identifier, 3600, 0, RoomPrivileges.All, stringRoomId: "standup", now: IssuedAt);

        UserSigVerification result = UserSigVerifier.Verify(sig, SdkAppId, Identifier, Keys, IssuedAt);

        Assert.True(PrivateMapKey.TryParse(result.UserBuf, out PrivateMapKey? ticket));
        Assert.Equal(1, ticket!.Version);
        Assert.Equal("standup", ticket.StringRoomId);
    }

    [Fact]
    public void Every_truncation_of_a_userbuf_is_rejected()
    {
        byte[] userBuf = new PrivateMapKey("alice", SdkAppId, 1, Expiry, RoomPrivileges.All, 0, "room").ToUserBuf();

        for (int length = 0; length < userBuf.Length; length++)
        {
            Assert.False(PrivateMapKey.TryParse(userBuf.AsSpan(0, length), out PrivateMapKey? key), $"length {length}");
            Assert.Null(key);
        }
    }

    [Fact]
    public void Trailing_bytes_an_unknown_version_and_invalid_utf8_are_rejected()
    {
        byte[] userBuf = new PrivateMapKey("alice", SdkAppId, 1, Expiry, RoomPrivileges.All).ToUserBuf();

        Assert.False(PrivateMapKey.TryParse([.. userBuf, 0], out _));

        byte[] version2 = (byte[])userBuf.Clone();
        version2[0] = 2;
        Assert.False(PrivateMapKey.TryParse(version2, out _));

        byte[] badUtf8 = (byte[])userBuf.Clone();
        badUtf8[3] = 0xFF;
        Assert.False(PrivateMapKey.TryParse(badUtf8, out _));
    }

    [Fact]
    public void Random_bytes_never_throw_and_whatever_parses_reserializes_identically()
    {
        var random = new Random(20240101);
        for (int i = 0; i < 10_000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0)
            {
                bytes[0] = (byte)random.Next(0, 3); // mostly plausible versions, to get past the first check
            }

            if (PrivateMapKey.TryParse(bytes, out PrivateMapKey? key))
            {
                Assert.Equal(bytes, key!.ToUserBuf());
            }
        }
    }

    [Fact]
    public void Fields_that_do_not_fit_32_bits_are_argument_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivateMapKey("a", 1L << 32, 1, Expiry, RoomPrivileges.All).ToUserBuf());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivateMapKey("a", 1, 1, Expiry, RoomPrivileges.All, -1).ToUserBuf());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivateMapKey("a", 1, 1, DateTimeOffset.FromUnixTimeSeconds(1L << 32), RoomPrivileges.All).ToUserBuf());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivateMapKey(new string('a', 70_000), 1, 1, Expiry, RoomPrivileges.All).ToUserBuf());
    }

    [Fact]
    public void The_privilege_bits_have_the_vendor_values()
    {
        Assert.Equal(
            [1u, 2u, 4u, 8u, 16u, 32u, 64u, 128u, 255u],
            new[]
            {
                RoomPrivileges.CreateRoom, RoomPrivileges.EnterRoom, RoomPrivileges.SendAudio, RoomPrivileges.ReceiveAudio,
                RoomPrivileges.SendVideo, RoomPrivileges.ReceiveVideo, RoomPrivileges.SendSubStream, RoomPrivileges.ReceiveSubStream, RoomPrivileges.All,
            }.Select(p => (uint)p));
    }
}
