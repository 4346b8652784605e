using System.Security.Cryptography;
using Parley.Srtp.Native;

namespace Parley.Srtp;

/// <summary>
/// HMAC-SHA1 (RFC 2104, https://www.rfc-editor.org/rfc/rfc2104) for one fixed key, computing possibly truncated tags
/// over <c>message || trailer</c> without allocating — the SRTP authentication transform of RFC 3711 §4.2, where the
/// trailer is the rollover counter. Uses OpenSSL's SHA-1 directly when it can be loaded
/// (<see cref="LibCryptoHmacSha1Authenticator"/>), else <see cref="IncrementalHash"/>.
/// Not thread-safe: the owning <see cref="SrtpContext"/> serializes calls.
/// </summary>
internal abstract class HmacSha1Authenticator : IDisposable
{
    /// <summary>Length of an untruncated HMAC-SHA1 tag.</summary>
    public const int DigestLength = 20;

    /// <summary>Longest trailer accepted; SRTP needs 4 bytes (the ROC).</summary>
    public const int MaxTrailerLength = 16;

    /// <summary>The fastest implementation available in this process for <paramref name="key"/>.</summary>
    public static HmacSha1Authenticator Create(ReadOnlySpan<byte> key) => Create(key, LibCryptoSha1.Shared);

    /// <summary>The OpenSSL-backed implementation when <paramref name="sha1"/> is available, else the portable one.</summary>
    public static HmacSha1Authenticator Create(ReadOnlySpan<byte> key, LibCryptoSha1? sha1) =>
        sha1 is not null
            ? new LibCryptoHmacSha1Authenticator(sha1, key)
            : new IncrementalHmacSha1Authenticator(key);

    /// <summary>
    /// Writes the first <c>tag.Length</c> (1..20) bytes of HMAC-SHA1(key, <paramref name="message"/> ||
    /// <paramref name="trailer"/>) into <paramref name="tag"/>, which may be the tag field of the packet itself.
    /// </summary>
    /// <exception cref="ArgumentException">The tag is empty or longer than 20 bytes, or the trailer is longer than
    /// <see cref="MaxTrailerLength"/>.</exception>
    public void ComputeTag(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, Span<byte> tag)
    {
        ValidateLengths(trailer, tag.Length, nameof(tag));
        ComputeTagCore(message, trailer, tag);
    }

    /// <summary>True when <paramref name="expectedTag"/> (1..20 bytes) is the matching prefix of the HMAC, compared
    /// in constant time.</summary>
    public bool VerifyTag(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, ReadOnlySpan<byte> expectedTag)
    {
        ValidateLengths(trailer, expectedTag.Length, nameof(expectedTag));
        Span<byte> computed = stackalloc byte[DigestLength];
        computed = computed[..expectedTag.Length];
        ComputeTagCore(message, trailer, computed);
        return CryptographicOperations.FixedTimeEquals(computed, expectedTag);
    }

    /// <summary>Zeroes the key-dependent state.</summary>
    public abstract void Dispose();

    /// <summary>
    /// <see cref="ComputeTag"/> after the lengths were checked: <paramref name="tag"/> is 1..20 bytes and
    /// <paramref name="trailer"/> at most <see cref="MaxTrailerLength"/>.
    /// </summary>
    protected abstract void ComputeTagCore(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, Span<byte> tag);

    private static void ValidateLengths(ReadOnlySpan<byte> trailer, int tagLength, string tagParameterName)
    {
        if (tagLength is < 1 or > DigestLength)
        {
            throw new ArgumentException($"An HMAC-SHA1 tag is 1 to {DigestLength} bytes.", tagParameterName);
        }

        if (trailer.Length > MaxTrailerLength)
        {
            throw new ArgumentException($"The trailer is at most {MaxTrailerLength} bytes.", nameof(trailer));
        }
    }
}
