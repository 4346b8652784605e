using System.Security.Cryptography;
using static Parley.Auth.Tests.HandBuiltSig;

namespace Parley.Auth.Tests;

/// <summary>The vendor's older asymmetric (ECDSA) format (product-rules §2, "Asymmetric (older) format").</summary>
public class AsymmetricUserSigTests
{
    private static readonly (string PrivateKeyPem, string PublicKeyPem) KeyPair = AppKeys.NewEcdsaKeyPair();

    private static UserSigKeys PublicOnly => new(null, KeyPair.PublicKeyPem);

    [Fact]
    public void A_generated_asymmetric_sig_verifies_with_the_public_key()
    {
        string sig = UserSigGenerator.GenerateAsymmetric(SdkAppId, 36862, KeyPair.PrivateKeyPem, Identifier, Expire, IssuedAt);

        UserSigVerification result = UserSigVerifier.Verify(sig, SdkAppId, Identifier, PublicOnly, DuringValidity);

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(IssuedAt, result.IssuedAt);
        Assert.Equal(IssuedAt.AddSeconds(Expire), result.ExpiresAt);
    }

    [Fact]
    public void The_asymmetric_json_has_only_string_values_and_no_TLS_ver()
    {
        string sig = UserSigGenerator.GenerateAsymmetric(SdkAppId, 36862, KeyPair.PrivateKeyPem, Identifier, Expire, IssuedAt);

        string json = Unwrap(sig);

        Assert.StartsWith(
            "{\"TLS.account_type\":\"36862\",\"TLS.identifier\":\"xiaojun\",\"TLS.appid_at_3rd\":\"0\",\"TLS.sdk_appid\":\"1400000000\",\"TLS.expire_after\":\"15552000\",\"TLS.time\":\"1700000000\",\"TLS.version\":\"201512300000\",\"TLS.sig\":\"",
            json, StringComparison.Ordinal);
        Assert.DoesNotContain("TLS.ver\"", json, StringComparison.Ordinal);
        Assert.True(UserSigContent.TryDecode(sig, out UserSigContent? content));
        Assert.Equal(UserSigFormat.Asymmetric, content!.Format);
        Assert.Equal("36862", content.AccountType);
    }

    [Fact]
    public void The_signature_is_der_ecdsa_sha256_over_the_documented_text()
    {
        string sig = UserSigGenerator.GenerateAsymmetric(SdkAppId, 0, KeyPair.PrivateKeyPem, Identifier, Expire, IssuedAt);
        Assert.True(UserSigContent.TryDecode(sig, out UserSigContent? content));

        using ECDsa publicKey = ECDsa.Create();
        publicKey.ImportFromPem(KeyPair.PublicKeyPem);
        byte[] text = System.Text.Encoding.UTF8.GetBytes(
            "TLS.appid_at_3rd:0\nTLS.account_type:0\nTLS.identifier:xiaojun\nTLS.sdk_appid:1400000000\nTLS.time:1700000000\nTLS.expire_after:15552000\n");

        Assert.True(publicKey.VerifyData(text, Convert.FromBase64String(content!.Signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void A_hand_built_sig_in_the_old_csharp_library_shape_verifies()
    {
        // The old C# library writes no TLS.version and puts the fields in this order.
        using ECDsa privateKey = ECDsa.Create();
        privateKey.ImportFromPem(KeyPair.PrivateKeyPem);
        string text = $"TLS.appid_at_3rd:0\nTLS.account_type:0\nTLS.identifier:{Identifier}\nTLS.sdk_appid:{SdkAppId}\nTLS.time:{Time}\nTLS.expire_after:{Expire}\n";
        string signature = Convert.ToBase64String(privateKey.SignData(System.Text.Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        string json = $"{{\"TLS.account_type\":\"0\",\"TLS.identifier\":\"{Identifier}\",\"TLS.appid_at_3rd\":\"0\",\"TLS.sdk_appid\":\"{SdkAppId}\",\"TLS.expire_after\":\"{Expire}\",\"TLS.time\":\"{Time}\",\"TLS.sig\":\"{signature.Replace("/", "\\/")}\"}}";

        Assert.True(UserSigVerifier.Verify(Wrap(json, 9), SdkAppId, Identifier, PublicOnly, DuringValidity).IsValid);
    }

    [Fact]
    public void A_sec1_private_key_pem_signs_too()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string sec1 = key.ExportECPrivateKeyPem();
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", sec1, StringComparison.Ordinal);

        string sig = UserSigGenerator.GenerateAsymmetric(SdkAppId, 0, sec1, Identifier, Expire, IssuedAt);

        Assert.True(UserSigVerifier.Verify(sig, SdkAppId, Identifier, new UserSigKeys(null, key.ExportSubjectPublicKeyInfoPem()), DuringValidity).IsValid);
    }

    [Fact]
    public void Another_apps_public_key_is_70009()
    {
        string sig = UserSigGenerator.GenerateAsymmetric(SdkAppId, 0, KeyPair.PrivateKeyPem, Identifier, Expire, IssuedAt);

        var otherKeys = new UserSigKeys(Key, AppKeys.NewEcdsaKeyPair().PublicKeyPem);

        Assert.Equal(UserSigErrorCodes.SignatureMismatch, UserSigVerifier.Verify(sig, SdkAppId, Identifier, otherKeys, DuringValidity).ErrorCode);
    }

    [Fact]
    public void An_asymmetric_sig_for_an_app_with_only_a_secret_key_is_70016()
    {
        string sig = UserSigGenerator.GenerateAsymmetric(SdkAppId, 0, KeyPair.PrivateKeyPem, Identifier, Expire, IssuedAt);

        Assert.Equal(UserSigErrorCodes.NoKey, UserSigVerifier.Verify(sig, SdkAppId, Identifier, Keys, DuringValidity).ErrorCode);
    }

    [Fact]
    public void A_v2_sig_for_an_app_with_only_a_public_key_is_70016()
    {
        string sig = UserSigGenerator.Generate(SdkAppId, Key, Identifier, Expire, now: IssuedAt);

        Assert.Equal(UserSigErrorCodes.NoKey, UserSigVerifier.Verify(sig, SdkAppId, Identifier, PublicOnly, DuringValidity).ErrorCode);
    }

    [Fact]
    public void An_unreadable_configured_public_key_counts_as_no_key()
    {
        string sig = UserSigGenerator.GenerateAsymmetric(SdkAppId, 0, KeyPair.PrivateKeyPem, Identifier, Expire, IssuedAt);

        UserSigVerification result = UserSigVerifier.Verify(sig, SdkAppId, Identifier, new UserSigKeys(null, "-----BEGIN PUBLIC KEY-----\nbroken\n-----END PUBLIC KEY-----"), DuringValidity);

        Assert.Equal(UserSigErrorCodes.NoKey, result.ErrorCode);
    }

    [Fact]
    public void An_expired_asymmetric_sig_is_70001_and_a_tampered_one_70009()
    {
        string sig = UserSigGenerator.GenerateAsymmetric(SdkAppId, 0, KeyPair.PrivateKeyPem, Identifier, 60, IssuedAt);
        Assert.Equal(UserSigErrorCodes.Expired, UserSigVerifier.Verify(sig, SdkAppId, Identifier, PublicOnly, IssuedAt.AddSeconds(61)).ErrorCode);

        string tampered = Wrap(Unwrap(sig).Replace("\"60\"", "\"6000\"", StringComparison.Ordinal));
        Assert.Equal(UserSigErrorCodes.SignatureMismatch, UserSigVerifier.Verify(tampered, SdkAppId, Identifier, PublicOnly, IssuedAt.AddSeconds(61)).ErrorCode);
    }

    [Fact]
    public void Asymmetric_identifiers_and_sdkAppIds_are_checked_like_v2()
    {
        string sig = UserSigGenerator.GenerateAsymmetric(SdkAppId, 0, KeyPair.PrivateKeyPem, Identifier, Expire, IssuedAt);

        Assert.True(UserSigVerifier.Verify(sig, SdkAppId, "XIAOJUN", PublicOnly, DuringValidity).IsValid); // R2.1
        Assert.Equal(UserSigErrorCodes.IdentifierMismatch, UserSigVerifier.Verify(sig, SdkAppId, "other", PublicOnly, DuringValidity).ErrorCode);
        Assert.Equal(UserSigErrorCodes.SdkAppIdMismatch, UserSigVerifier.Verify(sig, 1, Identifier, PublicOnly, DuringValidity).ErrorCode);
    }

    [Fact]
    public void Signing_with_a_public_key_or_garbage_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => UserSigGenerator.GenerateAsymmetric(SdkAppId, 0, KeyPair.PublicKeyPem, Identifier));
        Assert.Throws<ArgumentException>(() => UserSigGenerator.GenerateAsymmetric(SdkAppId, 0, "not a pem", Identifier));
    }
}
