using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Stun;

/// <summary>
/// The 96-bit transaction id as a value type, so an ICE agent can key its pending checks by it
/// (dictionary lookups without allocating) and copy it into a response.
/// </summary>
public readonly struct StunTransactionId : IEquatable<StunTransactionId>
{
    public const int Length = 12;

    private readonly ulong _first8;
    private readonly uint _last4;

    private StunTransactionId(ulong first8, uint last4)
    {
        _first8 = first8;
        _last4 = last4;
    }

    /// <summary>RFC 8489 §6 requires the id to be uniformly and cryptographically random.</summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return FromBytes(bytes);
    }

    /// <exception cref="ArgumentException">When <paramref name="bytes"/> is not exactly 12 bytes.</exception>
    public static StunTransactionId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException("A STUN transaction id is exactly 12 bytes.", nameof(bytes));
        }

        return new StunTransactionId(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));
    }

    /// <exception cref="ArgumentException">When <paramref name="destination"/> is shorter than 12 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException("The destination needs 12 bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _first8);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _last4);
    }

    public bool Equals(StunTransactionId other) => _first8 == other._first8 && _last4 == other._last4;

    public override bool Equals(object? obj) => obj is StunTransactionId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_first8, _last4);

    public override string ToString() => $"{_first8:x16}{_last4:x8}";

    public static bool operator ==(StunTransactionId left, StunTransactionId right) => left.Equals(right);

    public static bool operator !=(StunTransactionId left, StunTransactionId right) => !left.Equals(right);
}
