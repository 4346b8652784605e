namespace Parley.Auth.Tests;

/// <summary>PrivateMapKeyVerifier: one user entering one room with a PrivateMapKey (product-rules §2, "PrivateMapKey").</summary>
public class PrivateMapKeyVerifierTests
{
    private const long SdkAppId = 1400000000;
    private const string Key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    private static readonly DateTimeOffset Issued = DateTimeOffset.FromUnixTimeSeconds(1700000000);
    private static readonly UserSigKeys Keys = new(Key, null);

    private static string Ticket(string identifier = "alice", uint roomId = 1234, long expireSeconds = 3600,
        RoomPrivileges privileges = RoomPrivileges.EnterRoom | RoomPrivileges.SendAudio, long sdkAppId = SdkAppId, string key = Key) =>
        PrivateMapKeyGenerator.Generate(sdkAppId, key, identifier, expireSeconds, roomId, privileges, now: Issued);

    [Fact]
    public void A_key_for_this_user_app_and_room_verifies_and_gives_its_bits()
    {
        var result = PrivateMapKeyVerifier.Verify(Ticket(), SdkAppId, "Alice", 1234, Keys, Issued.AddMinutes(1));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(RoomPrivileges.EnterRoom | RoomPrivileges.SendAudio, result.Privileges);
    }

    [Fact]
    public void A_key_for_another_room_is_refused()
    {
        var result = PrivateMapKeyVerifier.Verify(Ticket(roomId: 1235), SdkAppId, "alice", 1234, Keys, Issued);

        Assert.False(result.IsValid);
        Assert.Contains("another room", result.Message, StringComparison.Ordinal);
        Assert.Equal(RoomPrivileges.None, result.Privileges);
    }

    [Fact]
    public void A_key_past_its_absolute_expiry_is_refused()
    {
        Assert.True(PrivateMapKeyVerifier.Verify(Ticket(expireSeconds: 60), SdkAppId, "alice", 1234, Keys, Issued.AddSeconds(60)).IsValid);

        var result = PrivateMapKeyVerifier.Verify(Ticket(expireSeconds: 60), SdkAppId, "alice", 1234, Keys, Issued.AddSeconds(61));

        Assert.False(result.IsValid);
        Assert.Contains("expired", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_another_user_another_app_or_another_app_key_is_refused()
    {
        Assert.False(PrivateMapKeyVerifier.Verify(Ticket(identifier: "bob"), SdkAppId, "alice", 1234, Keys, Issued).IsValid);
        Assert.False(PrivateMapKeyVerifier.Verify(Ticket(sdkAppId: SdkAppId + 1), SdkAppId, "alice", 1234, Keys, Issued).IsValid);
        Assert.False(PrivateMapKeyVerifier.Verify(Ticket(key: new string('0', 64)), SdkAppId, "alice", 1234, Keys, Issued).IsValid);
    }

    [Fact]
    public void A_plain_userSig_without_a_userbuf_is_not_a_PrivateMapKey()
    {
        var userSig = UserSigGenerator.Generate(SdkAppId, Key, "alice", 3600, now: Issued);

        var result = PrivateMapKeyVerifier.Verify(userSig, SdkAppId, "alice", 1234, Keys, Issued);

        Assert.False(result.IsValid);
        Assert.Contains("userbuf", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a key")]
    public void Garbage_is_refused_without_throwing(string? garbage) =>
        Assert.False(PrivateMapKeyVerifier.Verify(garbage, SdkAppId, "alice", 1234, Keys, Issued).IsValid);
}
