using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Parley.Srtp;

/// <summary>Vectorized in-place XOR, the inner loop of AES counter mode.</summary>
internal static class ByteXor
{
    /// <summary><paramref name="destination"/>[i] ^= <paramref name="keystream"/>[i] for the destination's length.</summary>
    public static void Apply(Span<byte> destination, ReadOnlySpan<byte> keystream)
    {
        if (keystream.Length < destination.Length)
        {
            throw new ArgumentException("Keystream is shorter than the data.", nameof(keystream));
        }

        var offset = 0;
        if (Vector256.IsHardwareAccelerated && destination.Length >= Vector256<byte>.Count)
        {
            ref var target = ref MemoryMarshal.GetReference(destination);
            ref var source = ref MemoryMarshal.GetReference(keystream);
            var lastVectorStart = destination.Length - Vector256<byte>.Count;
            for (; offset <= lastVectorStart; offset += Vector256<byte>.Count)
            {
                var mixed = Vector256.LoadUnsafe(ref target, (nuint)offset) ^ Vector256.LoadUnsafe(ref source, (nuint)offset);
                mixed.StoreUnsafe(ref target, (nuint)offset);
            }
        }
        else if (Vector128.IsHardwareAccelerated && destination.Length >= Vector128<byte>.Count)
        {
            ref var target = ref MemoryMarshal.GetReference(destination);
            ref var source = ref MemoryMarshal.GetReference(keystream);
            var lastVectorStart = destination.Length - Vector128<byte>.Count;
            for (; offset <= lastVectorStart; offset += Vector128<byte>.Count)
            {
                var mixed = Vector128.LoadUnsafe(ref target, (nuint)offset) ^ Vector128.LoadUnsafe(ref source, (nuint)offset);
                mixed.StoreUnsafe(ref target, (nuint)offset);
            }
        }

        for (; offset < destination.Length; offset++)
        {
            destination[offset] ^= keystream[offset];
        }
    }
}
