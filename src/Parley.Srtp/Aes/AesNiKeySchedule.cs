using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace Parley.Srtp;

/// <summary>
/// The AES encryption key schedule (FIPS-197 §5.2, https://doi.org/10.6028/NIST.FIPS.197-upd1) for 128-, 192- and
/// 256-bit keys, kept as one <see cref="Vector128{T}"/> per round so the AES-NI round instructions can take them
/// straight from memory. Computed once per key; <see cref="Dispose"/> zeroes it. Not thread-safe to dispose while
/// in use; reading it from several threads is fine.
/// </summary>
internal sealed class AesNiKeySchedule : IDisposable
{
    private const int MaxRounds = 14;

    // Owned by this instance; holds the key material, so it is zeroed on Dispose.
    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[MaxRounds + 1];

    /// <summary>Expands a 16-, 24- or 32-byte key. Requires <see cref="AesNi.IsSupported"/>.</summary>
    public AesNiKeySchedule(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("AES key must be 16, 24 or 32 bytes.", nameof(key));
        }

        if (!AesNi.IsSupported)
        {
            throw new PlatformNotSupportedException("This CPU has no AES-NI.");
        }

        var keyWords = key.Length / 4;
        Rounds = keyWords + 6;
        var words = MemoryMarshal.Cast<Vector128<byte>, uint>(_roundKeys.AsSpan(0, Rounds + 1));
        ExpandKey(key, keyWords, words);
    }

    /// <summary>10, 12 or 14.</summary>
    public int Rounds { get; }

    /// <summary>Round key 0; the others follow it contiguously (<c>Unsafe.Add(ref First, round)</c>).</summary>
    public ref Vector128<byte> First => ref MemoryMarshal.GetArrayDataReference(_roundKeys);

    /// <summary>Encrypts one block (used for the GCM hash key and the tag mask, not for bulk data).</summary>
    public Vector128<byte> EncryptBlock(Vector128<byte> block)
    {
        ref var roundKey = ref First;
        block ^= roundKey;
        for (var round = 1; round < Rounds; round++)
        {
            block = AesNi.Encrypt(block, Unsafe.Add(ref roundKey, round));
        }

        return AesNi.EncryptLast(block, Unsafe.Add(ref roundKey, Rounds));
    }

    /// <inheritdoc />
    public void Dispose() => Array.Clear(_roundKeys);

    /// <summary>
    /// FIPS-197 KeyExpansion over little-endian words, so that word 4r..4r+3 laid out in memory is round key r.
    /// SubWord runs through AESENCLAST on a block whose four columns all hold the word: ShiftRows then moves
    /// nothing, and the S-box is applied without a lookup table (no key-dependent memory access).
    /// </summary>
    private static void ExpandKey(ReadOnlySpan<byte> key, int keyWords, Span<uint> words)
    {
        MemoryMarshal.Cast<byte, uint>(key).CopyTo(words);
        uint roundConstant = 1;
        for (var i = keyWords; i < words.Length; i++)
        {
            var temp = words[i - 1];
            if (i % keyWords == 0)
            {
                // RotWord on a little-endian word is a rotate right by one byte; Rcon goes into the first byte.
                temp = SubWord(uint.RotateRight(temp, 8)) ^ roundConstant;
                roundConstant = (roundConstant << 1) ^ ((roundConstant >> 7) * 0x11B);
            }
            else if (keyWords > 6 && i % keyWords == 4)
            {
                temp = SubWord(temp);
            }

            words[i] = words[i - keyWords] ^ temp;
        }
    }

    private static uint SubWord(uint word) =>
        AesNi.EncryptLast(Vector128.Create(word).AsByte(), Vector128<byte>.Zero).AsUInt32().ToScalar();
}
