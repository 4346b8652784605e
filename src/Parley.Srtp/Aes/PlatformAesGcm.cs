using System.Security.Cryptography;

namespace Parley.Srtp;

/// <summary>
/// AES-GCM on <see cref="AesGcm"/> (OpenSSL on Linux): the fallback for CPUs without AES-NI and PCLMULQDQ (ARM64
/// among them). On a tag mismatch <see cref="AesGcm.Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// zeroes its output, so a failed in-place decryption leaves zeros (never unauthenticated plaintext); SRTP callers
/// drop failed packets without reading them. Not thread-safe: the owner serializes calls.
/// </summary>
internal sealed class PlatformAesGcm : IAesGcmCipher
{
    private const int TagLength = 16;

    private readonly AesGcm _cipher;

    /// <summary>Creates the cipher for a 16- or 32-byte key.</summary>
    public PlatformAesGcm(ReadOnlySpan<byte> key) => _cipher = new AesGcm(key, TagLength);

    /// <inheritdoc />
    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> associatedData, Span<byte> tag) =>
        _cipher.Encrypt(nonce, data, data, tag, associatedData);

    /// <inheritdoc />
    public bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> tag)
    {
        try
        {
            // In place: AesGcm allows plaintext and ciphertext to be the very same span.
            _cipher.Decrypt(nonce, data, tag, data, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _cipher.Dispose();
}
