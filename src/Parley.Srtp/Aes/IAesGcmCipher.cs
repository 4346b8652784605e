namespace Parley.Srtp;

/// <summary>
/// AES-GCM with a 12-byte nonce and a 16-byte tag, in place (NIST SP 800-38D), as SRTP's AEAD profiles need it
/// (RFC 7714). Implemented on AES-NI + PCLMULQDQ (<see cref="AesNiGcm"/>) and on the platform cipher
/// (<see cref="PlatformAesGcm"/>). Not thread-safe: the owner serializes calls.
/// </summary>
internal interface IAesGcmCipher : IDisposable
{
    /// <summary>
    /// Encrypts <paramref name="data"/> in place and writes the 16-byte tag, computed over
    /// <paramref name="associatedData"/> and the ciphertext, to <paramref name="tag"/> (which must not overlap the
    /// other spans).
    /// </summary>
    void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> associatedData, Span<byte> tag);

    /// <summary>
    /// Decrypts <paramref name="data"/> in place when <paramref name="tag"/> verifies (compared in constant time).
    /// Otherwise returns false, and <paramref name="data"/> never holds unauthenticated plaintext: the AES-NI
    /// implementation verifies before decrypting and leaves the ciphertext untouched, the platform one leaves zeros.
    /// </summary>
    bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> tag);
}
