using static Parley.Auth.Tests.HandBuiltSig;

namespace Parley.Auth.Tests;

/// <summary>Each vendor error code (product-rules §2) and the order in which the checks run.</summary>
public class VerificationErrorCodeTests
{
    private static readonly string ValidSig = UserSigGenerator.Generate(SdkAppId, Key, Identifier, Expire, now: IssuedAt);

    private static UserSigVerification Verify(string? sig, long sdkAppId = SdkAppId, string identifier = Identifier, UserSigKeys? keys = null, DateTimeOffset? now = null) =>
        UserSigVerifier.Verify(sig, sdkAppId, identifier, keys ?? Keys, now ?? DuringValidity);

    private static string V2Json(string sig, long expire = Expire, string identifier = Identifier) =>
        $"{{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"{identifier}\",\"TLS.sdkappid\":{SdkAppId},\"TLS.time\":{Time},\"TLS.expire\":{expire},\"TLS.sig\":\"{sig}\"}}";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_userSig_is_70002(string? sig)
    {
        UserSigVerification result = Verify(sig);

        Assert.Equal(UserSigErrorCodes.Empty, result.ErrorCode);
        Assert.Equal(70002, result.ErrorCode);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("not a sig")]
    [InlineData("eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZ")] // a cut-off real sig
    [InlineData("AAAAAAAA")] // base64 but not zlib
    [InlineData(" ")]
    public void Garbage_is_70003(string sig) => Assert.Equal(UserSigErrorCodes.Malformed, Verify(sig).ErrorCode);

    public static TheoryData<string, string> MalformedJson() => new()
    {
        { "not json", "hello" },
        { "an array", "[1,2,3]" },
        { "no sig", $"{{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"{Identifier}\",\"TLS.sdkappid\":{SdkAppId},\"TLS.time\":{Time},\"TLS.expire\":{Expire}}}" },
        { "no identifier", $"{{\"TLS.ver\":\"2.0\",\"TLS.sdkappid\":{SdkAppId},\"TLS.time\":{Time},\"TLS.expire\":{Expire},\"TLS.sig\":\"{V2Signature()}\"}}" },
        { "unknown version", V2Json(V2Signature()).Replace("\"2.0\"", "\"3.0\"") },
        { "fractional number", V2Json(V2Signature()).Replace($"{Time}", $"{Time}.5") },
        { "exponent number", V2Json(V2Signature()).Replace($"{SdkAppId}", "1.4e9") },
        { "negative number", V2Json(V2Signature()).Replace($"{Expire}", "-1") },
        { "number beyond long", V2Json(V2Signature()).Replace($"{Expire}", "99999999999999999999") },
        { "time beyond year 9999", V2Json(V2Signature()).Replace($"{Time}", "253402300800") },
        { "boolean identifier", V2Json(V2Signature()).Replace($"\"{Identifier}\"", "true") },
        { "signature not base64", V2Json("%%%") },
        { "duplicate key", V2Json(V2Signature()).Replace("{", $"{{\"TLS.identifier\":\"mallory\",") },
        { "trailing content", V2Json(V2Signature()) + "{}" },
        { "trailing comma", V2Json(V2Signature()).Replace("}", ",}") },
        { "lone surrogate escape", V2Json(V2Signature(), identifier: "\\ud800") },
        { "userbuf not base64", V2Json(V2Signature()).Replace("{", "{\"TLS.userbuf\":\"***\",") },
    };

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public void Json_that_is_not_a_userSig_document_is_70003(string why, string json)
    {
        Assert.Equal((why, UserSigErrorCodes.Malformed), (why, Verify(Wrap(json)).ErrorCode));
    }

    [Fact]
    public void Invalid_utf8_inside_the_json_is_70003()
    {
        byte[] json = System.Text.Encoding.UTF8.GetBytes(V2Json(V2Signature(), identifier: "XX"));
        int at = Array.IndexOf(json, (byte)'X');
        json[at] = 0xC3; // a UTF-8 lead byte followed by 'X' is invalid
        Assert.Equal(UserSigErrorCodes.Malformed, Verify(Wrap(json)).ErrorCode);
    }

    [Fact]
    public void A_zip_bomb_is_rejected_as_70003_without_inflating_it_all()
    {
        // 10 MB of whitespace compresses to ~10 KB; the verifier stops at its 64 KiB cap.
        string padding = new(' ', 10_000_000);
        string sig = Wrap("{" + padding + V2Json(V2Signature())[1..], 9);
        Assert.True(sig.Length < 16 * 1024, $"test setup: bomb is {sig.Length} chars");

        Assert.Equal(UserSigErrorCodes.Malformed, Verify(sig).ErrorCode);
    }

    [Fact]
    public void Json_just_under_the_inflate_cap_still_verifies()
    {
        string json = V2Json(V2Signature());
        string padded = json.Replace("{", "{" + new string(' ', 64 * 1024 - json.Length), StringComparison.Ordinal);
        Assert.Equal(64 * 1024, padded.Length);

        Assert.True(Verify(Wrap(padded)).IsValid);
        Assert.Equal(UserSigErrorCodes.Malformed, Verify(Wrap(" " + padded)).ErrorCode);
    }

    [Fact]
    public void Bytes_after_the_zlib_stream_are_70003()
    {
        byte[] deflated = FromUrlSafe(ValidSig);
        byte[] extended = [.. deflated, 0, 0, 0, 0];

        Assert.Equal(UserSigErrorCodes.Malformed, Verify(UrlSafe(extended)).ErrorCode);
    }

    [Fact]
    public void A_stream_with_a_wrong_adler32_trailer_is_70003()
    {
        byte[] deflated = FromUrlSafe(ValidSig);
        deflated[^1] ^= 1;

        Assert.Equal(UserSigErrorCodes.Malformed, Verify(UrlSafe(deflated)).ErrorCode);
    }

    [Fact]
    public void An_overlong_userSig_is_70003() => Assert.Equal(UserSigErrorCodes.Malformed, Verify(new string('A', 20_000)).ErrorCode);

    [Fact]
    public void Expired_when_now_is_past_time_plus_expire_is_70001()
    {
        DateTimeOffset expiresAt = IssuedAt.AddSeconds(Expire);

        // R2.3: "expired when now > time + expire" in whole seconds — the last second itself is still valid.
        Assert.True(Verify(ValidSig, now: expiresAt).IsValid);
        Assert.True(Verify(ValidSig, now: expiresAt.AddMilliseconds(999)).IsValid);
        UserSigVerification expired = Verify(ValidSig, now: expiresAt.AddSeconds(1));
        Assert.Equal(UserSigErrorCodes.Expired, expired.ErrorCode);
        Assert.Equal(expiresAt, expired.ExpiresAt);
        Assert.Contains("2024-05-12T22:13:20Z", expired.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sig_with_the_largest_expire_never_expires_and_does_not_overflow()
    {
        string sig = Wrap(V2Json(V2Signature(expire: long.MaxValue), expire: long.MaxValue));

        UserSigVerification result = Verify(sig, now: DateTimeOffset.MaxValue);

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(DateTimeOffset.MaxValue, result.ExpiresAt);
    }

    [Fact]
    public void A_zero_expire_sig_is_valid_only_within_its_issue_second()
    {
        string sig = UserSigGenerator.Generate(SdkAppId, Key, Identifier, 0, now: IssuedAt);

        Assert.True(Verify(sig, now: IssuedAt).IsValid);
        Assert.Equal(UserSigErrorCodes.Expired, Verify(sig, now: IssuedAt.AddSeconds(1)).ErrorCode);
    }

    [Fact]
    public void A_wrong_key_is_70009()
    {
        UserSigVerification result = Verify(ValidSig, keys: new UserSigKeys(AppKeys.NewSecretKey(), null));

        Assert.Equal(UserSigErrorCodes.SignatureMismatch, result.ErrorCode);
        Assert.Equal(DateTimeOffset.MinValue, result.ExpiresAt); // nothing unauthenticated is reported
    }

    [Fact]
    public void A_key_differing_only_in_case_is_a_wrong_key()
    {
        // The key is used as UTF-8 text, so upper-casing the hex changes it.
        Assert.Equal(UserSigErrorCodes.SignatureMismatch, Verify(ValidSig, keys: new UserSigKeys(Key.ToUpperInvariant(), null)).ErrorCode);
    }

    [Fact]
    public void Content_changed_after_signing_is_70009()
    {
        // Extending the validity without re-signing: the JSON parses fine but the signed text differs.
        string tampered = Wrap(V2Json(V2Signature(), expire: Expire * 10));

        Assert.Equal(UserSigErrorCodes.SignatureMismatch, Verify(tampered).ErrorCode);
    }

    [Fact]
    public void A_signature_of_the_wrong_length_is_70009()
    {
        Assert.Equal(UserSigErrorCodes.SignatureMismatch, Verify(Wrap(V2Json("AAAA"))).ErrorCode);
    }

    [Fact]
    public void Another_identifier_is_70013()
    {
        Assert.Equal(UserSigErrorCodes.IdentifierMismatch, Verify(ValidSig, identifier: "xiaoming").ErrorCode);
        Assert.Equal(UserSigErrorCodes.IdentifierMismatch, Verify(ValidSig, identifier: "xiaojun2").ErrorCode);
    }

    [Theory]
    [InlineData("XIAOJUN")]
    [InlineData("XiaoJun")]
    public void Identifiers_compare_case_insensitively(string identifier)
    {
        // R2.1: identifiers are case-insensitive; the signature covers the identifier as written in the sig.
        Assert.True(Verify(ValidSig, identifier: identifier).IsValid);
    }

    [Fact]
    public void Another_sdkAppId_is_70014() => Assert.Equal(UserSigErrorCodes.SdkAppIdMismatch, Verify(ValidSig, sdkAppId: SdkAppId + 1).ErrorCode);

    [Fact]
    public void An_app_without_a_secret_key_is_70016()
    {
        Assert.Equal(UserSigErrorCodes.NoKey, Verify(ValidSig, keys: new UserSigKeys(null, null)).ErrorCode);
        Assert.Equal(UserSigErrorCodes.NoKey, Verify(ValidSig, keys: new UserSigKeys("", AppKeys.NewEcdsaKeyPair().PublicKeyPem)).ErrorCode);
    }

    [Fact]
    public void The_codes_equal_the_vendor_numbers()
    {
        Assert.Equal(
            [70001, 70002, 70003, 70009, 70013, 70014, 70016, 70020],
            [UserSigErrorCodes.Expired, UserSigErrorCodes.Empty, UserSigErrorCodes.Malformed, UserSigErrorCodes.SignatureMismatch,
             UserSigErrorCodes.IdentifierMismatch, UserSigErrorCodes.SdkAppIdMismatch, UserSigErrorCodes.NoKey, UserSigErrorCodes.SdkAppIdNotFound]);
    }

    [Fact]
    public void The_signature_is_checked_before_expiry_so_a_forger_learns_nothing()
    {
        DateTimeOffset longAfter = IssuedAt.AddYears(5);

        Assert.Equal(UserSigErrorCodes.SignatureMismatch, Verify(ValidSig, keys: new UserSigKeys("wrong", null), now: longAfter).ErrorCode);
        Assert.Equal(UserSigErrorCodes.Expired, Verify(ValidSig, now: longAfter).ErrorCode);
    }

    [Fact]
    public void The_checks_run_in_order_sdkAppId_identifier_key_signature()
    {
        var noKeys = new UserSigKeys(null, null);
        var wrongKey = new UserSigKeys("wrong", null);

        Assert.Equal(UserSigErrorCodes.SdkAppIdMismatch, Verify(ValidSig, sdkAppId: 1, identifier: "other", keys: noKeys).ErrorCode);
        Assert.Equal(UserSigErrorCodes.IdentifierMismatch, Verify(ValidSig, identifier: "other", keys: noKeys).ErrorCode);
        Assert.Equal(UserSigErrorCodes.NoKey, Verify(ValidSig, keys: noKeys, now: IssuedAt.AddYears(5)).ErrorCode);
        Assert.Equal(UserSigErrorCodes.SignatureMismatch, Verify(ValidSig, keys: wrongKey, now: IssuedAt.AddYears(5)).ErrorCode);
    }

    [Fact]
    public void Every_code_has_a_description()
    {
        foreach (int code in new[] { 0, 70001, 70002, 70003, 70009, 70013, 70014, 70016, 70020 })
        {
            Assert.DoesNotContain("Unknown", UserSigErrorCodes.Describe(code), StringComparison.Ordinal);
        }
    }
}
