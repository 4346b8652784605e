using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Parley.Auth;

/// <summary>
/// Generates userSigs (R2.2) byte-compatible with the vendor's official server-side libraries
/// (product-rules §2, "UserSig format"). This is what an app backend calls before handing a userSig to a client.
/// </summary>
public static class UserSigGenerator
{
    /// <summary>180 days, the vendor libraries' default validity (R2.3).</summary>
    public const long DefaultExpireSeconds = 180L * 24 * 3600;

    // The older asymmetric libraries write this constant TLS.version and "0" for TLS.appid_at_3rd.
    internal const string AsymmetricVersion = "201512300000";
    internal const string AsymmetricAppIdAt3rd = "0";

    // Like JSON.stringify: '+' and '/' in base64 stay literal, non-ASCII identifiers stay UTF-8. Only the writer's
    // output is affected; the relaxed encoder is not an injection risk because the JSON is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Generates a v2 (HMAC-SHA256) userSig. The JSON keys are written in the vendor's Node library's order
    /// (<c>TLS.ver, TLS.identifier, TLS.sdkappid, TLS.time, TLS.expire[, TLS.userbuf], TLS.sig</c>) and compressed
    /// at zlib's default level, so the vendor's test vector is reproduced byte for byte.
    /// </summary>
    /// <param name="sdkAppId">The app's sdkAppId (R1.1).</param>
    /// <param name="key">The app's secret key string; its UTF-8 bytes are the HMAC key (it is not hex-decoded).</param>
    /// <param name="identifier">The user's identifier (R2.1), signed as given.</param>
    /// <param name="expireSeconds">Validity duration in seconds (R2.3); the sig expires when now &gt; issue time + this.</param>
    /// <param name="userBuf">Optional opaque bytes signed into the sig (e.g. a PrivateMapKey); empty means none.</param>
    /// <param name="now">Issue time; the current UTC time when null. Sub-second parts are truncated.</param>
    public static string Generate(long sdkAppId, string key, string identifier, long expireSeconds = DefaultExpireSeconds,
        ReadOnlySpan<byte> userBuf = default, DateTimeOffset? now = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sdkAppId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        ArgumentOutOfRangeException.ThrowIfNegative(expireSeconds);
        long time = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        ArgumentOutOfRangeException.ThrowIfNegative(time, nameof(now));

        string? userBufBase64 = userBuf.IsEmpty ? null : Convert.ToBase64String(userBuf);
        Span<byte> hmac = stackalloc byte[SignedText.HmacLength];
        SignedText.ComputeV2Hmac(key, identifier, sdkAppId, time, expireSeconds, userBufBase64, hmac);

        var json = new ArrayBufferWriter<byte>(256 + identifier.Length * 3 + (userBufBase64?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(json, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("TLS.ver"u8, "2.0"u8);
            writer.WriteString("TLS.identifier"u8, identifier);
            writer.WriteNumber("TLS.sdkappid"u8, sdkAppId);
            writer.WriteNumber("TLS.time"u8, time);
            writer.WriteNumber("TLS.expire"u8, expireSeconds);
            if (userBufBase64 is not null)
            {
                writer.WriteString("TLS.userbuf"u8, userBufBase64);
            }

            writer.WriteBase64String("TLS.sig"u8, hmac);
            writer.WriteEndObject();
        }

        return UserSigEnvelope.Encode(json.WrittenSpan);
    }

    /// <summary>
    /// Generates a userSig in the vendor's older asymmetric format: ECDSA-SHA256 (DER signature) with the app's
    /// private key; every JSON value is a string; <c>TLS.appid_at_3rd</c> is "0" as in the vendor's libraries.
    /// </summary>
    /// <param name="privateKeyPem">The app's EC private key, PKCS#8 ("BEGIN PRIVATE KEY") or SEC1 ("BEGIN EC PRIVATE KEY") PEM.</param>
    /// <exception cref="ArgumentException">The PEM holds no usable EC private key.</exception>
    public static string GenerateAsymmetric(long sdkAppId, long accountType, string privateKeyPem, string identifier,
        long expireSeconds = DefaultExpireSeconds, DateTimeOffset? now = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sdkAppId);
        ArgumentOutOfRangeException.ThrowIfNegative(accountType);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPem);
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        ArgumentOutOfRangeException.ThrowIfNegative(expireSeconds);
        long time = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        ArgumentOutOfRangeException.ThrowIfNegative(time, nameof(now));

        byte[] signature;
        using (ECDsa privateKey = AppKeys.ImportEcdsaPrivateKey(privateKeyPem))
        {
            signature = SignedText.SignAsymmetric(privateKey, AsymmetricAppIdAt3rd, accountType, identifier, sdkAppId, time, expireSeconds);
        }

        var json = new ArrayBufferWriter<byte>(512 + identifier.Length * 3);
        using (var writer = new Utf8JsonWriter(json, WriterOptions))
        {
            // Key order of the vendor's asymmetric libraries.
            writer.WriteStartObject();
            WriteNumberAsString(writer, "TLS.account_type"u8, accountType);
            writer.WriteString("TLS.identifier"u8, identifier);
            writer.WriteString("TLS.appid_at_3rd"u8, AsymmetricAppIdAt3rd);
            WriteNumberAsString(writer, "TLS.sdk_appid"u8, sdkAppId);
            WriteNumberAsString(writer, "TLS.expire_after"u8, expireSeconds);
            WriteNumberAsString(writer, "TLS.time"u8, time);
            writer.WriteString("TLS.version"u8, AsymmetricVersion);
            writer.WriteBase64String("TLS.sig"u8, signature);
            writer.WriteEndObject();
        }

        return UserSigEnvelope.Encode(json.WrittenSpan);
    }

    private static void WriteNumberAsString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out int length, default, System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteString(name, digits[..length]);
    }
}
