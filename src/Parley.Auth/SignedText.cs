using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Parley.Auth;

/// <summary>
/// The texts the vendor's formats sign (product-rules §2) and the two signature algorithms over them:
/// HMAC-SHA256 keyed with the UTF-8 bytes of the secret key string (v2), ECDSA-SHA256 with a DER signature
/// (asymmetric). Every line ends in <c>\n</c>, the last one too.
/// </summary>
internal static class SignedText
{
    public const int HmacLength = 32;

    // Room for the fixed labels and up to four 19-digit numbers.
    private const int FixedPartBytes = 256;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>HMAC-SHA256 of the v2 signed text. <typeparamref name="TNumber"/> is long when generating and the signed decimal text when verifying.</summary>
    public static void ComputeV2Hmac<TNumber>(string key, string identifier, TNumber sdkAppId, TNumber time, TNumber expire, string? userBufBase64, Span<byte> destination)
    {
        int maxLength = FixedPartBytes + Encoding.UTF8.GetMaxByteCount(identifier.Length + (userBufBase64?.Length ?? 0));

        // Both buffers are rented here and returned below; the key bytes are cleared first.
        byte[] text = ArrayPool<byte>.Shared.Rent(maxLength);
        byte[] keyBytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        try
        {
            bool written = userBufBase64 is null
                ? Utf8.TryWrite(text, Invariant, $"TLS.identifier:{identifier}\nTLS.sdkappid:{sdkAppId}\nTLS.time:{time}\nTLS.expire:{expire}\n", out int length)
                : Utf8.TryWrite(text, Invariant, $"TLS.identifier:{identifier}\nTLS.sdkappid:{sdkAppId}\nTLS.time:{time}\nTLS.expire:{expire}\nTLS.userbuf:{userBufBase64}\n", out length);
            if (!written)
            {
                throw new InvalidOperationException("The signed-text buffer was sized too small.");
            }

            // R1.3 / product-rules §2 step 3: the key is the UTF-8 bytes of the string as given, not hex-decoded.
            int keyLength = Encoding.UTF8.GetBytes(key, keyBytes);
            HMACSHA256.HashData(keyBytes.AsSpan(0, keyLength), text.AsSpan(0, length), destination);
            CryptographicOperations.ZeroMemory(keyBytes.AsSpan(0, keyLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
            ArrayPool<byte>.Shared.Return(keyBytes);
        }
    }

    /// <summary>ECDSA-SHA256 DER signature of the asymmetric signed text.</summary>
    public static byte[] SignAsymmetric<TNumber>(ECDsa privateKey, string appIdAt3rd, TNumber accountType, string identifier, TNumber sdkAppId, TNumber time, TNumber expireAfter)
    {
        byte[] text = ArrayPool<byte>.Shared.Rent(MaxAsymmetricLength(appIdAt3rd, identifier));
        try
        {
            int length = WriteAsymmetric(text, appIdAt3rd, accountType, identifier, sdkAppId, time, expireAfter);
            return privateKey.SignData(text, 0, length, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }
    }

    /// <summary>Verifies the DER ECDSA-SHA256 signature of an asymmetric userSig's signed text.</summary>
    public static bool VerifyAsymmetric(ECDsa publicKey, UserSigContent content)
    {
        string appIdAt3rd = content.AppIdAt3rd ?? "";
        byte[] text = ArrayPool<byte>.Shared.Rent(MaxAsymmetricLength(appIdAt3rd, content.Identifier));
        try
        {
            int length = WriteAsymmetric(text, appIdAt3rd, content.AccountType ?? "", content.Identifier,
                content.SdkAppIdField.Text, content.TimeField.Text, content.ExpireField.Text);
            return publicKey.VerifyData(text.AsSpan(0, length), content.SignatureBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }
    }

    private static int MaxAsymmetricLength(string appIdAt3rd, string identifier) =>
        FixedPartBytes + Encoding.UTF8.GetMaxByteCount(appIdAt3rd.Length + identifier.Length);

    private static int WriteAsymmetric<TNumber>(Span<byte> destination, string appIdAt3rd, TNumber accountType, string identifier, TNumber sdkAppId, TNumber time, TNumber expireAfter)
    {
        if (!Utf8.TryWrite(destination, Invariant, $"TLS.appid_at_3rd:{appIdAt3rd}\nTLS.account_type:{accountType}\nTLS.identifier:{identifier}\nTLS.sdk_appid:{sdkAppId}\nTLS.time:{time}\nTLS.expire_after:{expireAfter}\n", out int length))
        {
            throw new InvalidOperationException("The signed-text buffer was sized too small.");
        }

        return length;
    }
}
