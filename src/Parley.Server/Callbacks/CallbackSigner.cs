using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Callbacks;

/// <summary>
/// The <c>Sign</c> header of product-rules §8: base64 of HMAC-SHA256 over the raw request body, keyed with the UTF-8
/// bytes of the app's callback key as given (like userSig keys, the hex key is not decoded).
/// </summary>
public static class CallbackSigner
{
    public static string Sign(string key, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));

    /// <summary>Checks a receiver's view of a request in constant time (for tests and for receivers written in .NET).</summary>
    public static bool Verify(string key, ReadOnlySpan<byte> body, string? sign)
    {
        if (sign is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(sign));
    }

    /// <summary>A new callback key: 64 hex characters, the shape of the apps' secret keys.</summary>
    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
