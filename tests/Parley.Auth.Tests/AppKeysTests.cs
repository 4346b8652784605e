using System.Security.Cryptography;

namespace Parley.Auth.Tests;

public class AppKeysTests
{
    [Fact]
    public void A_new_secret_key_is_64_lower_case_hex_characters()
    {
        // R1.3: like the vendor console's.
        string key = AppKeys.NewSecretKey();

        Assert.Equal(64, key.Length);
        Assert.All(key, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c), $"'{c}'"));
    }

    [Fact]
    public void Secret_keys_are_random() => Assert.NotEqual(AppKeys.NewSecretKey(), AppKeys.NewSecretKey());

    [Fact]
    public void A_new_key_pair_is_p256_pkcs8_and_spki_pem()
    {
        (string privatePem, string publicPem) = AppKeys.NewEcdsaKeyPair();

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", privatePem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicPem, StringComparison.Ordinal);
        using ECDsa publicKey = ECDsa.Create();
        publicKey.ImportFromPem(publicPem);
        Assert.Equal(256, publicKey.KeySize);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, publicKey.ExportParameters(false).Curve.Oid.Value);
    }
}
