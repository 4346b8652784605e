using System.Security.Cryptography;

namespace Parley.Auth;

/// <summary>
/// Verifies userSigs of both vendor formats (R2.2, R2.3, product-rules §2). The format is detected from the
/// content. Checks run in this order, each failing with its vendor code: empty (70002), decode (70003),
/// sdkAppId (70014), identifier (70013), key presence (70016), signature (70009), expiry (70001). The
/// signature is checked before expiry so that a forger learns nothing about a sig's validity window.
/// </summary>
public static class UserSigVerifier
{
    /// <summary>
    /// Verifies <paramref name="userSig"/> for <paramref name="identifier"/> in app <paramref name="sdkAppId"/>.
    /// Identifiers compare case-insensitively (ordinal, R2.1: <c>Alice</c> and <c>alice</c> are one user); the
    /// signature is checked over the identifier as written in the sig. Never throws on any userSig string.
    /// </summary>
    /// <param name="now">The verifier's clock; expired when <paramref name="now"/> is later than time + expire (R2.3).</param>
    public static UserSigVerification Verify(string? userSig, long sdkAppId, string identifier, UserSigKeys keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(userSig))
        {
            return UserSigVerification.Failure(UserSigErrorCodes.Empty);
        }

        if (!UserSigContent.TryDecode(userSig, out UserSigContent? content) || content is null)
        {
            return UserSigVerification.Failure(UserSigErrorCodes.Malformed);
        }

        if (content.SdkAppId != sdkAppId)
        {
            return UserSigVerification.Failure(UserSigErrorCodes.SdkAppIdMismatch);
        }

        if (!string.Equals(content.Identifier, identifier, StringComparison.OrdinalIgnoreCase))
        {
            return UserSigVerification.Failure(UserSigErrorCodes.IdentifierMismatch);
        }

        int signatureResult = content.Format == UserSigFormat.V2 ? CheckHmac(content, keys.SecretKey) : CheckEcdsa(content, keys.PublicKeyPem);
        if (signatureResult != UserSigErrorCodes.None)
        {
            return UserSigVerification.Failure(signatureResult);
        }

        // R2.3 in whole Unix seconds, as the vendor compares: expired when now > time + expire. Written as a
        // difference so a huge expire cannot overflow.
        DateTimeOffset expiresAt = content.ExpiresAt;
        if (now.ToUnixTimeSeconds() - content.Time > content.Expire)
        {
            return new UserSigVerification(UserSigErrorCodes.Expired, $"The userSig expired at {expiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.",
                content.IssuedAt, expiresAt, null);
        }

        return new UserSigVerification(UserSigErrorCodes.None, UserSigErrorCodes.Describe(UserSigErrorCodes.None), content.IssuedAt, expiresAt, content.UserBuf);
    }

    private static int CheckHmac(UserSigContent content, string? secretKey)
    {
        if (string.IsNullOrEmpty(secretKey))
        {
            return UserSigErrorCodes.NoKey;
        }

        Span<byte> expected = stackalloc byte[SignedText.HmacLength];
        SignedText.ComputeV2Hmac(secretKey, content.Identifier, content.SdkAppIdField.Text, content.TimeField.Text,
            content.ExpireField.Text, content.UserBufBase64, expected);

        // FixedTimeEquals returns false for a length mismatch without looking at the bytes.
        return CryptographicOperations.FixedTimeEquals(expected, content.SignatureBytes)
            ? UserSigErrorCodes.None
            : UserSigErrorCodes.SignatureMismatch;
    }

    private static int CheckEcdsa(UserSigContent content, string? publicKeyPem)
    {
        if (string.IsNullOrEmpty(publicKeyPem))
        {
            return UserSigErrorCodes.NoKey;
        }

        // An unreadable configured key is treated like a missing one: the app has no usable key of this kind.
        using ECDsa? publicKey = AppKeys.TryImportEcdsaPublicKey(publicKeyPem);
        if (publicKey is null)
        {
            return UserSigErrorCodes.NoKey;
        }

        try
        {
            return SignedText.VerifyAsymmetric(publicKey, content) ? UserSigErrorCodes.None : UserSigErrorCodes.SignatureMismatch;
        }
        catch (CryptographicException)
        {
            return UserSigErrorCodes.SignatureMismatch;
        }
    }
}
