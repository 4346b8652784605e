using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Parley.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to (not including) the attribute,
/// with the header's length field rewritten as if MESSAGE-INTEGRITY were the last attribute.
/// </summary>
internal static class StunIntegrity
{
    // Typical ICE checks are ~100 bytes; anything up to a full MTU is hashed from the stack.
    private const int StackCopyLimit = 1500;

    /// <param name="prefix">The message bytes before the MESSAGE-INTEGRITY attribute header (header included).</param>
    /// <param name="mac">Receives the 20-byte HMAC.</param>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "HMAC-SHA1 is what RFC 8489 MESSAGE-INTEGRITY and every browser use.")]
    public static void Compute(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        // The input is read-only, so the length-adjusted copy goes to the stack, or for rare large
        // messages to a pooled array that this method rents and returns.
        byte[]? rented = null;
        var copy = prefix.Length <= StackCopyLimit
            ? stackalloc byte[prefix.Length]
            : (rented = ArrayPool<byte>.Shared.Rent(prefix.Length));
        try
        {
            var adjusted = copy[..prefix.Length]; // a rented array may be longer
            prefix.CopyTo(adjusted);
            var lengthWithIntegrity = prefix.Length - StunWire.HeaderLength
                + StunWire.AttributeHeaderLength + StunWire.MessageIntegrityLength;
            BinaryPrimitives.WriteUInt16BigEndian(adjusted[2..], (ushort)lengthWithIntegrity);
            HMACSHA1.HashData(key, adjusted, mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Same as <see cref="Compute"/> but over a writable buffer whose length field the caller already set.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "HMAC-SHA1 is what RFC 8489 MESSAGE-INTEGRITY and every browser use.")]
    public static void ComputeInPlace(ReadOnlySpan<byte> prefixWithAdjustedLength, ReadOnlySpan<byte> key, Span<byte> mac) =>
        HMACSHA1.HashData(key, prefixWithAdjustedLength, mac);

    public static bool Verify(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, ReadOnlySpan<byte> received)
    {
        Span<byte> expected = stackalloc byte[StunWire.MessageIntegrityLength];
        Compute(prefix, key, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
