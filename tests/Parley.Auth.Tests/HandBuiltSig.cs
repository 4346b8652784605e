using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Auth.Tests;

/// <summary>
/// Builds userSigs by hand, independently of Parley.Auth's own writer, the way each official library does:
/// the test chooses the exact JSON text and the zlib level.
/// </summary>
internal static class HandBuiltSig
{
    public const long SdkAppId = 1400000000;
    public const string Key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    public const string Identifier = "xiaojun";
    public const long Time = 1700000000;
    public const long Expire = 15552000;

    public static DateTimeOffset IssuedAt => DateTimeOffset.FromUnixTimeSeconds(Time);

    /// <summary>A moment inside the validity window of a sig issued at <see cref="Time"/>.</summary>
    public static DateTimeOffset DuringValidity => IssuedAt.AddDays(1);

    public static UserSigKeys Keys => new(Key, null);

    /// <summary>Standard base64 HMAC-SHA256 of the v2 signed text, keyed with the UTF-8 bytes of <paramref name="key"/>.</summary>
    public static string V2Signature(string key = Key, string identifier = Identifier, long sdkAppId = SdkAppId,
        long time = Time, long expire = Expire, string? userBufBase64 = null)
    {
        string text = $"TLS.identifier:{identifier}\nTLS.sdkappid:{sdkAppId}\nTLS.time:{time}\nTLS.expire:{expire}\n"
            + (userBufBase64 is null ? "" : $"TLS.userbuf:{userBufBase64}\n");
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>zlib-compresses <paramref name="json"/> at <paramref name="level"/> (0 = stored … 9) and applies the URL-safe base64 mapping.</summary>
    public static string Wrap(string json, int level = 6) => Wrap(Encoding.UTF8.GetBytes(json), level);

    public static string Wrap(byte[] json, int level = 6)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            zlib.Write(json);
        }

        return UrlSafe(output.ToArray());
    }

    public static string UrlSafe(byte[] bytes) => Convert.ToBase64String(bytes).Replace('+', '*').Replace('/', '-').Replace('=', '_');

    public static byte[] FromUrlSafe(string userSig) => Convert.FromBase64String(userSig.Replace('*', '+').Replace('-', '/').Replace('_', '='));

    /// <summary>The JSON text inside a userSig.</summary>
    public static string Unwrap(string userSig)
    {
        using var input = new MemoryStream(FromUrlSafe(userSig));
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(zlib, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
