using System.Security.Cryptography;

namespace Parley.Srtp;

/// <summary>
/// The portable <see cref="HmacSha1Authenticator"/>: one reused <see cref="IncrementalHash"/> HMAC, for platforms
/// where OpenSSL's SHA-1 functions cannot be loaded (Windows, macOS, an OpenSSL built without deprecated APIs).
/// Not thread-safe.
/// </summary>
internal sealed class IncrementalHmacSha1Authenticator(ReadOnlySpan<byte> key) : HmacSha1Authenticator
{
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);

    protected override void ComputeTagCore(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, Span<byte> tag)
    {
        _hmac.AppendData(message);
        _hmac.AppendData(trailer);

        // The full digest goes to the stack first because TryGetHashAndReset refuses a destination shorter than 20.
        Span<byte> digest = stackalloc byte[DigestLength];
        _hmac.TryGetHashAndReset(digest, out _);
        digest[..tag.Length].CopyTo(tag);
    }

    // IncrementalHash clears its copy of the key when disposed.
    public override void Dispose() => _hmac.Dispose();
}
