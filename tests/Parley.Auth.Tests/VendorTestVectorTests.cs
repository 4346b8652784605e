using static Parley.Auth.Tests.HandBuiltSig;

namespace Parley.Auth.Tests;

/// <summary>The test vector from the vendor's official Node library (product-rules §2).</summary>
public class VendorTestVectorTests
{
    private const string VendorSig =
        "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__";

    private const string VendorInnerSig = "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=";

    [Fact]
    public void Generating_with_the_vendor_inputs_reproduces_the_vendor_string_byte_for_byte()
    {
        string sig = UserSigGenerator.Generate(SdkAppId, Key, Identifier, Expire, now: IssuedAt);

        Assert.Equal(VendorSig, sig);
    }

    [Fact]
    public void The_vendor_string_verifies_with_its_issue_time_and_expiry()
    {
        UserSigVerification result = UserSigVerifier.Verify(VendorSig, SdkAppId, Identifier, Keys, DuringValidity);

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(0, result.ErrorCode);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), result.IssuedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000 + 15552000), result.ExpiresAt); // R2.3: time + expire
        Assert.Null(result.UserBuf);
    }

    [Fact]
    public void The_vendor_string_carries_the_vendor_inner_signature()
    {
        Assert.True(UserSigContent.TryDecode(VendorSig, out UserSigContent? content));

        Assert.NotNull(content);
        Assert.Equal(UserSigFormat.V2, content.Format);
        Assert.Equal(VendorInnerSig, content.Signature);
        Assert.Equal(VendorInnerSig, V2Signature());
        Assert.Equal("2.0", content.Version);
        Assert.Equal(Identifier, content.Identifier);
        Assert.Equal(SdkAppId, content.SdkAppId);
        Assert.Equal(Time, content.Time);
        Assert.Equal(Expire, content.Expire);
    }

    [Fact]
    public void The_key_order_matches_the_vendor_node_library()
    {
        string json = Unwrap(UserSigGenerator.Generate(SdkAppId, Key, Identifier, Expire, now: IssuedAt));

        Assert.Equal(
            "{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.time\":1700000000,\"TLS.expire\":15552000,\"TLS.sig\":\"LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=\"}",
            json);
    }

    [Fact]
    public void The_default_validity_is_180_days()
    {
        // R2.3: the vendor's libraries default to 180 days.
        Assert.Equal(180L * 24 * 3600, UserSigGenerator.DefaultExpireSeconds);
        string sig = UserSigGenerator.Generate(SdkAppId, Key, Identifier, now: IssuedAt);

        UserSigVerification result = UserSigVerifier.Verify(sig, SdkAppId, Identifier, Keys, DuringValidity);

        Assert.Equal(IssuedAt.AddDays(180), result.ExpiresAt);
    }

    [Fact]
    public void A_userbuf_is_signed_after_the_expire_line_and_placed_before_the_sig_key()
    {
        byte[] userBuf = [1, 2, 3, 250];

        string sig = UserSigGenerator.Generate(SdkAppId, Key, Identifier, Expire, userBuf, IssuedAt);

        string expectedSig = V2Signature(userBufBase64: "AQID+g==");
        Assert.Equal(
            "{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.time\":1700000000,\"TLS.expire\":15552000,\"TLS.userbuf\":\"AQID+g==\",\"TLS.sig\":\"" + expectedSig + "\"}",
            Unwrap(sig));
        UserSigVerification result = UserSigVerifier.Verify(sig, SdkAppId, Identifier, Keys, DuringValidity);
        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(userBuf, result.UserBuf);
    }

    [Fact]
    public void The_key_is_used_as_its_utf8_text_not_hex_decoded()
    {
        // A key that is not hex at all still works: its bytes are the UTF-8 of the string as given.
        string sig = UserSigGenerator.Generate(SdkAppId, "not hex: ключ", Identifier, Expire, now: IssuedAt);

        Assert.True(UserSigVerifier.Verify(sig, SdkAppId, Identifier, new UserSigKeys("not hex: ключ", null), DuringValidity).IsValid);
        Assert.True(UserSigContent.TryDecode(sig, out UserSigContent? content));
        Assert.Equal(V2Signature(key: "not hex: ключ"), content!.Signature);
    }
}
