using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace Parley.Srtp;

/// <summary>
/// AES counter mode on AES-NI: eight counter blocks go through the rounds side by side so both AES units stay
/// busy (one AESENC has a latency of four cycles and two can start per cycle on Zen 3 and recent Intel cores).
/// Counter semantics match RFC 3711 §4.1.1 and GCM's inc32: only the low 32 bits (bytes 12..15, big-endian) are
/// incremented, wrapping modulo 2^32. Not thread-safe: the owner serializes calls.
/// </summary>
internal sealed class AesNiCounterMode : IAesCounterModeCipher
{
    private const int BlockSize = 16;
    private const int GroupBlocks = 8;
    private const int GroupBytes = GroupBlocks * BlockSize;

    private readonly AesNiKeySchedule _keys;

    /// <summary>Creates the cipher for a 16-, 24- or 32-byte key. Requires <see cref="IsSupported"/>.</summary>
    public AesNiCounterMode(ReadOnlySpan<byte> key) => _keys = new AesNiKeySchedule(key);

    /// <summary>True on x86-64 CPUs with AES-NI (and SSSE3 for the byte shuffles).</summary>
    public static bool IsSupported => AesNi.IsSupported && Ssse3.IsSupported;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<byte> initialCounter, Span<byte> data)
    {
        if (initialCounter.Length != BlockSize)
        {
            throw new ArgumentException("The counter block is 16 bytes.", nameof(initialCounter));
        }

        ApplyKeystream(_keys, Vector128.Create(initialCounter), data);
    }

    /// <inheritdoc />
    public void Dispose() => _keys.Dispose();

    /// <summary>
    /// XORs the keystream AES(k, counter + j), j = 0, 1, …, onto <paramref name="data"/>. Shared with
    /// <see cref="AesNiGcm"/>, whose CTR pass it is (encryption, and decryption once the tag has verified).
    /// </summary>
    internal static void ApplyKeystream(AesNiKeySchedule keys, Vector128<byte> counterBlock, Span<byte> data)
    {
        // The counter word is kept in native order in lane 3 so a vector add increments it (mod 2^32).
        var swapCounterWord = CounterWordSwap;
        var counter = Ssse3.Shuffle(counterBlock, swapCounterWord).AsUInt32();
        var one = Vector128.Create(0u, 0u, 0u, 1u);
        ref var roundKeys = ref keys.First;
        var rounds = keys.Rounds;
        ref var target = ref MemoryMarshal.GetReference(data);
        nuint offset = 0;
        var fullGroupsEnd = (nuint)(data.Length - (data.Length % GroupBytes));

        for (; offset < fullGroupsEnd; offset += GroupBytes)
        {
            var key = roundKeys;
            var b0 = Ssse3.Shuffle(counter.AsByte(), swapCounterWord) ^ key;
            var b1 = Ssse3.Shuffle((counter + one).AsByte(), swapCounterWord) ^ key;
            var b2 = Ssse3.Shuffle((counter + (one * 2)).AsByte(), swapCounterWord) ^ key;
            var b3 = Ssse3.Shuffle((counter + (one * 3)).AsByte(), swapCounterWord) ^ key;
            var b4 = Ssse3.Shuffle((counter + (one * 4)).AsByte(), swapCounterWord) ^ key;
            var b5 = Ssse3.Shuffle((counter + (one * 5)).AsByte(), swapCounterWord) ^ key;
            var b6 = Ssse3.Shuffle((counter + (one * 6)).AsByte(), swapCounterWord) ^ key;
            var b7 = Ssse3.Shuffle((counter + (one * 7)).AsByte(), swapCounterWord) ^ key;
            counter += one * 8;

            // Unrolled: with a loop here the JIT spilled the eight states to the stack every round.
            key = Unsafe.Add(ref roundKeys, 1);
            b0 = AesNi.Encrypt(b0, key);
            b1 = AesNi.Encrypt(b1, key);
            b2 = AesNi.Encrypt(b2, key);
            b3 = AesNi.Encrypt(b3, key);
            b4 = AesNi.Encrypt(b4, key);
            b5 = AesNi.Encrypt(b5, key);
            b6 = AesNi.Encrypt(b6, key);
            b7 = AesNi.Encrypt(b7, key);
            key = Unsafe.Add(ref roundKeys, 2);
            b0 = AesNi.Encrypt(b0, key);
            b1 = AesNi.Encrypt(b1, key);
            b2 = AesNi.Encrypt(b2, key);
            b3 = AesNi.Encrypt(b3, key);
            b4 = AesNi.Encrypt(b4, key);
            b5 = AesNi.Encrypt(b5, key);
            b6 = AesNi.Encrypt(b6, key);
            b7 = AesNi.Encrypt(b7, key);
            key = Unsafe.Add(ref roundKeys, 3);
            b0 = AesNi.Encrypt(b0, key);
            b1 = AesNi.Encrypt(b1, key);
            b2 = AesNi.Encrypt(b2, key);
            b3 = AesNi.Encrypt(b3, key);
            b4 = AesNi.Encrypt(b4, key);
            b5 = AesNi.Encrypt(b5, key);
            b6 = AesNi.Encrypt(b6, key);
            b7 = AesNi.Encrypt(b7, key);
            key = Unsafe.Add(ref roundKeys, 4);
            b0 = AesNi.Encrypt(b0, key);
            b1 = AesNi.Encrypt(b1, key);
            b2 = AesNi.Encrypt(b2, key);
            b3 = AesNi.Encrypt(b3, key);
            b4 = AesNi.Encrypt(b4, key);
            b5 = AesNi.Encrypt(b5, key);
            b6 = AesNi.Encrypt(b6, key);
            b7 = AesNi.Encrypt(b7, key);
            key = Unsafe.Add(ref roundKeys, 5);
            b0 = AesNi.Encrypt(b0, key);
            b1 = AesNi.Encrypt(b1, key);
            b2 = AesNi.Encrypt(b2, key);
            b3 = AesNi.Encrypt(b3, key);
            b4 = AesNi.Encrypt(b4, key);
            b5 = AesNi.Encrypt(b5, key);
            b6 = AesNi.Encrypt(b6, key);
            b7 = AesNi.Encrypt(b7, key);
            key = Unsafe.Add(ref roundKeys, 6);
            b0 = AesNi.Encrypt(b0, key);
            b1 = AesNi.Encrypt(b1, key);
            b2 = AesNi.Encrypt(b2, key);
            b3 = AesNi.Encrypt(b3, key);
            b4 = AesNi.Encrypt(b4, key);
            b5 = AesNi.Encrypt(b5, key);
            b6 = AesNi.Encrypt(b6, key);
            b7 = AesNi.Encrypt(b7, key);
            key = Unsafe.Add(ref roundKeys, 7);
            b0 = AesNi.Encrypt(b0, key);
            b1 = AesNi.Encrypt(b1, key);
            b2 = AesNi.Encrypt(b2, key);
            b3 = AesNi.Encrypt(b3, key);
            b4 = AesNi.Encrypt(b4, key);
            b5 = AesNi.Encrypt(b5, key);
            b6 = AesNi.Encrypt(b6, key);
            b7 = AesNi.Encrypt(b7, key);
            key = Unsafe.Add(ref roundKeys, 8);
            b0 = AesNi.Encrypt(b0, key);
            b1 = AesNi.Encrypt(b1, key);
            b2 = AesNi.Encrypt(b2, key);
            b3 = AesNi.Encrypt(b3, key);
            b4 = AesNi.Encrypt(b4, key);
            b5 = AesNi.Encrypt(b5, key);
            b6 = AesNi.Encrypt(b6, key);
            b7 = AesNi.Encrypt(b7, key);
            key = Unsafe.Add(ref roundKeys, 9);
            b0 = AesNi.Encrypt(b0, key);
            b1 = AesNi.Encrypt(b1, key);
            b2 = AesNi.Encrypt(b2, key);
            b3 = AesNi.Encrypt(b3, key);
            b4 = AesNi.Encrypt(b4, key);
            b5 = AesNi.Encrypt(b5, key);
            b6 = AesNi.Encrypt(b6, key);
            b7 = AesNi.Encrypt(b7, key);
            if (rounds > 10)
            {
                key = Unsafe.Add(ref roundKeys, 10);
                b0 = AesNi.Encrypt(b0, key);
                b1 = AesNi.Encrypt(b1, key);
                b2 = AesNi.Encrypt(b2, key);
                b3 = AesNi.Encrypt(b3, key);
                b4 = AesNi.Encrypt(b4, key);
                b5 = AesNi.Encrypt(b5, key);
                b6 = AesNi.Encrypt(b6, key);
                b7 = AesNi.Encrypt(b7, key);
                key = Unsafe.Add(ref roundKeys, 11);
                b0 = AesNi.Encrypt(b0, key);
                b1 = AesNi.Encrypt(b1, key);
                b2 = AesNi.Encrypt(b2, key);
                b3 = AesNi.Encrypt(b3, key);
                b4 = AesNi.Encrypt(b4, key);
                b5 = AesNi.Encrypt(b5, key);
                b6 = AesNi.Encrypt(b6, key);
                b7 = AesNi.Encrypt(b7, key);
                if (rounds > 12)
                {
                    key = Unsafe.Add(ref roundKeys, 12);
                    b0 = AesNi.Encrypt(b0, key);
                    b1 = AesNi.Encrypt(b1, key);
                    b2 = AesNi.Encrypt(b2, key);
                    b3 = AesNi.Encrypt(b3, key);
                    b4 = AesNi.Encrypt(b4, key);
                    b5 = AesNi.Encrypt(b5, key);
                    b6 = AesNi.Encrypt(b6, key);
                    b7 = AesNi.Encrypt(b7, key);
                    key = Unsafe.Add(ref roundKeys, 13);
                    b0 = AesNi.Encrypt(b0, key);
                    b1 = AesNi.Encrypt(b1, key);
                    b2 = AesNi.Encrypt(b2, key);
                    b3 = AesNi.Encrypt(b3, key);
                    b4 = AesNi.Encrypt(b4, key);
                    b5 = AesNi.Encrypt(b5, key);
                    b6 = AesNi.Encrypt(b6, key);
                    b7 = AesNi.Encrypt(b7, key);
                }
            }

            key = Unsafe.Add(ref roundKeys, rounds);
            ref var group = ref Unsafe.Add(ref target, offset);
            (AesNi.EncryptLast(b0, key) ^ Vector128.LoadUnsafe(ref group, 0)).StoreUnsafe(ref group, 0);
            (AesNi.EncryptLast(b1, key) ^ Vector128.LoadUnsafe(ref group, 16)).StoreUnsafe(ref group, 16);
            (AesNi.EncryptLast(b2, key) ^ Vector128.LoadUnsafe(ref group, 32)).StoreUnsafe(ref group, 32);
            (AesNi.EncryptLast(b3, key) ^ Vector128.LoadUnsafe(ref group, 48)).StoreUnsafe(ref group, 48);
            (AesNi.EncryptLast(b4, key) ^ Vector128.LoadUnsafe(ref group, 64)).StoreUnsafe(ref group, 64);
            (AesNi.EncryptLast(b5, key) ^ Vector128.LoadUnsafe(ref group, 80)).StoreUnsafe(ref group, 80);
            (AesNi.EncryptLast(b6, key) ^ Vector128.LoadUnsafe(ref group, 96)).StoreUnsafe(ref group, 96);
            (AesNi.EncryptLast(b7, key) ^ Vector128.LoadUnsafe(ref group, 112)).StoreUnsafe(ref group, 112);
        }

        if (offset < (nuint)data.Length)
        {
            ApplyTail(keys, Ssse3.Shuffle(counter.AsByte(), swapCounterWord), data[(int)offset..]);
        }
    }

    /// <summary>
    /// Swaps the bytes of the last 32-bit word (the big-endian block counter) and leaves bytes 0..11 in place; its
    /// own inverse.
    /// </summary>
    internal static Vector128<byte> CounterWordSwap
    {
        // A constant: the JIT did not always inline the getter, and a call per block was measurable.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 14, 13, 12);
    }

    /// <summary>
    /// Fewer than eight blocks left: keystream for four blocks at a time (some of it possibly unused) so even the
    /// tail runs four AES pipelines in parallel instead of one block's full latency after another. Kept out of the
    /// main loop so that loop's registers are not disturbed.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ApplyTail(AesNiKeySchedule keys, Vector128<byte> counterBlock, Span<byte> data)
    {
        Span<Vector128<byte>> keystream = stackalloc Vector128<byte>[4];
        var keystreamBytes = MemoryMarshal.AsBytes(keystream);
        var swapCounterWord = CounterWordSwap;
        var counter = Ssse3.Shuffle(counterBlock, swapCounterWord).AsUInt32();
        var one = Vector128.Create(0u, 0u, 0u, 1u);
        ref var roundKeys = ref keys.First;
        var rounds = keys.Rounds;

        for (var offset = 0; offset < data.Length; offset += keystreamBytes.Length)
        {
            var key = roundKeys;
            var b0 = Ssse3.Shuffle(counter.AsByte(), swapCounterWord) ^ key;
            var b1 = Ssse3.Shuffle((counter + one).AsByte(), swapCounterWord) ^ key;
            var b2 = Ssse3.Shuffle((counter + (one * 2)).AsByte(), swapCounterWord) ^ key;
            var b3 = Ssse3.Shuffle((counter + (one * 3)).AsByte(), swapCounterWord) ^ key;
            counter += one * 4;
            for (var round = 1; round < rounds; round++)
            {
                key = Unsafe.Add(ref roundKeys, round);
                b0 = AesNi.Encrypt(b0, key);
                b1 = AesNi.Encrypt(b1, key);
                b2 = AesNi.Encrypt(b2, key);
                b3 = AesNi.Encrypt(b3, key);
            }

            key = Unsafe.Add(ref roundKeys, rounds);
            keystream[0] = AesNi.EncryptLast(b0, key);
            keystream[1] = AesNi.EncryptLast(b1, key);
            keystream[2] = AesNi.EncryptLast(b2, key);
            keystream[3] = AesNi.EncryptLast(b3, key);
            var chunk = data[offset..];
            ByteXor.Apply(chunk[..Math.Min(chunk.Length, keystreamBytes.Length)], keystreamBytes);
        }

        keystreamBytes.Clear();
    }
}
