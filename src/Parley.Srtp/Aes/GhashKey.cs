using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Parley.Srtp;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4, https://doi.org/10.6028/NIST.SP.800-38D) on PCLMULQDQ, for one hash subkey H.
/// <para>
/// Representation: every block is byte-reversed on load, so a 128-bit integer's bit k holds the coefficient of
/// x^(127-k). A carry-less product of two such values is then off by one factor of x; instead of shifting every
/// product, the powers of H are stored pre-divided by x (H·x⁻¹ mod P, which is "H shifted left by one bit,
/// reduced by 0xC2000…0001"), so <c>clmul(X, H^i·x⁻¹)</c> is exactly the 256-bit reflected form of X·H^i.
/// The 256-bit value is reduced modulo P = x^128 + x^7 + x^2 + x + 1 with two carry-less multiplications by
/// 0xC200000000000000, each clearing 64 of the high-degree (low-order integer) bits.
/// </para>
/// <para>
/// Eight blocks are hashed with one reduction (aggregated reduction: Y' = (Y⊕X1)·H^8 ⊕ X2·H^7 ⊕ … ⊕ X8·H), so the
/// table holds H^1..H^8. With VPCLMULQDQ (<see cref="Pclmulqdq.V256"/>) two blocks share each instruction.
/// </para>
/// The powers of H are key material: <see cref="Dispose"/> zeroes them. Reading from several threads is fine.
/// </summary>
internal sealed class GhashKey : IDisposable
{
    /// <summary>Blocks hashed per reduction.</summary>
    private const int AggregatedBlocks = 8;

    private const int BlockSize = 16;
    private const ulong ReductionConstant = 0xC200_0000_0000_0000;

    // Owned by this instance. _powers[i] = H^(i+1)·x⁻¹; _powerPairs[j] = (H^(8-2j), H^(7-2j))·x⁻¹ as the low and high
    // 128-bit lanes, matching blocks 2j and 2j+1 of a group of eight.
    private readonly Vector128<ulong>[] _powers = new Vector128<ulong>[AggregatedBlocks];
    private readonly Vector256<ulong>[] _powerPairs = new Vector256<ulong>[AggregatedBlocks / 2];

    // Owned by this instance. For Karatsuba: each lane of _powerPairs with its two halves XORed (in both halves).
    private readonly Vector256<ulong>[] _powerPairSums = new Vector256<ulong>[AggregatedBlocks / 2];

    // Whether groups of eight use VPCLMULQDQ (and _powerPairs/_powerPairSums are filled).
    private readonly bool _useWideMultiply;

    /// <summary>Precomputes H^1..H^8 from H = AES(K, 0^128) as the cipher produced it.</summary>
    /// <param name="hashSubkey">H in GCM's byte order.</param>
    /// <param name="useWideMultiply">
    /// Use 256-bit VPCLMULQDQ for groups of eight; false exercises the 128-bit path (tests, older CPUs).
    /// </param>
    public GhashKey(Vector128<byte> hashSubkey, bool useWideMultiply)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("This CPU has no PCLMULQDQ.");
        }

        if (useWideMultiply && !WideMultiplyIsSupported)
        {
            throw new PlatformNotSupportedException("This CPU has no VPCLMULQDQ/AVX2.");
        }

        _useWideMultiply = useWideMultiply;
        var h = Reflect(hashSubkey).AsUInt64();
        var low = h.GetElement(0);
        var high = h.GetElement(1);

        // H·x⁻¹: shift the reflected value left one bit; the bit shifted out (x^0) comes back as x⁻¹ mod P.
        var carryMask = 0 - (high >> 63);
        high = (high << 1) | (low >> 63);
        low <<= 1;
        high ^= carryMask & ReductionConstant;
        low ^= carryMask & 1;

        _powers[0] = Vector128.Create(low, high);
        for (var i = 1; i < AggregatedBlocks; i++)
        {
            // (H^i·x⁻¹)·(H·x⁻¹) with the product's implicit ·x gives H^(i+1)·x⁻¹.
            _powers[i] = Multiply(_powers[i - 1], _powers[0]);
        }

        for (var j = 0; useWideMultiply && j < AggregatedBlocks / 2; j++)
        {
            _powerPairs[j] = Vector256.Create(_powers[AggregatedBlocks - 1 - (2 * j)], _powers[AggregatedBlocks - 2 - (2 * j)]);
            _powerPairSums[j] = _powerPairs[j] ^ Avx2.Shuffle(_powerPairs[j].AsUInt32(), 0x4E).AsUInt64();
        }
    }

    /// <summary>True on x86-64 CPUs with PCLMULQDQ (and SSSE3 for the byte reversal).</summary>
    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>True when VPCLMULQDQ on 256-bit registers and AVX2 are available.</summary>
    public static bool WideMultiplyIsSupported => Pclmulqdq.V256.IsSupported && Avx2.IsSupported;

    /// <summary>Reverses the 16 bytes of a block: GCM's byte order to the reflected integer and back.</summary>
    private static Vector128<byte> ByteReverse
    {
        // A constant: the JIT did not always inline the getter, and a call per block was measurable.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    }

    /// <summary>A GCM block as a reflected 128-bit value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reflect(Vector128<byte> block) => Ssse3.Shuffle(block, ByteReverse).AsUInt64();

    /// <summary>
    /// Hashes <paramref name="data"/> into the state, zero-padding a final partial block (as GCM pads the AAD and
    /// the ciphertext separately).
    /// </summary>
    public Vector128<ulong> Update(Vector128<ulong> state, ReadOnlySpan<byte> data)
    {
        ref var source = ref MemoryMarshal.GetReference(data);
        var offset = 0;
        var groupBytes = AggregatedBlocks * BlockSize;
        for (; offset + groupBytes <= data.Length; offset += groupBytes)
        {
            state = UpdateGroup(state, ref Unsafe.Add(ref source, offset));
        }

        return offset < data.Length ? UpdateTail(state, data[offset..]) : state;
    }

    /// <summary>Hashes the eight blocks (128 bytes) at <paramref name="group"/> with one reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<ulong> UpdateGroup(Vector128<ulong> state, ref byte group)
    {
        if (_useWideMultiply)
        {
            return UpdateGroupWide(
                state,
                Vector256.LoadUnsafe(ref group, 0),
                Vector256.LoadUnsafe(ref group, 32),
                Vector256.LoadUnsafe(ref group, 64),
                Vector256.LoadUnsafe(ref group, 96));
        }

        ref var powers = ref MemoryMarshal.GetArrayDataReference(_powers);
        var x = Reflect(Vector128.LoadUnsafe(ref group)) ^ state;
        var low = Pclmulqdq.CarrylessMultiply(x, Unsafe.Add(ref powers, 7), 0x00);
        var high = Pclmulqdq.CarrylessMultiply(x, Unsafe.Add(ref powers, 7), 0x11);
        var middle = Pclmulqdq.CarrylessMultiply(x, Unsafe.Add(ref powers, 7), 0x01)
            ^ Pclmulqdq.CarrylessMultiply(x, Unsafe.Add(ref powers, 7), 0x10);
        for (var i = 1; i < AggregatedBlocks; i++)
        {
            x = Reflect(Vector128.LoadUnsafe(ref group, (nuint)(i * BlockSize)));
            var power = Unsafe.Add(ref powers, AggregatedBlocks - 1 - i);
            low ^= Pclmulqdq.CarrylessMultiply(x, power, 0x00);
            high ^= Pclmulqdq.CarrylessMultiply(x, power, 0x11);
            middle ^= Pclmulqdq.CarrylessMultiply(x, power, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, power, 0x10);
        }

        return Reduce(low, high, middle);
    }

    /// <summary>
    /// Hashes eight blocks given as four pairs (GCM byte order, blocks 2j and 2j+1 in the low and high lanes) with
    /// 256-bit carry-less multiplications and one reduction. Requires the wide multiply (the power pairs are filled).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<ulong> UpdateGroupWide(Vector128<ulong> state, Vector256<byte> blocks01, Vector256<byte> blocks23, Vector256<byte> blocks45, Vector256<byte> blocks67)
    {
        var reverse = Vector256.Create(ByteReverse, ByteReverse);
        var x01 = Avx2.Shuffle(blocks01, reverse).AsUInt64() ^ state.ToVector256();
        var x23 = Avx2.Shuffle(blocks23, reverse).AsUInt64();
        var x45 = Avx2.Shuffle(blocks45, reverse).AsUInt64();
        var x67 = Avx2.Shuffle(blocks67, reverse).AsUInt64();

        // The products are summed with the state-dependent one (pair 0) last, so the chain from one group's result
        // to the next group's result is as short as possible; the other three pairs are computed ahead of it.
        var low = MultiplyLow(x23, PowerPair(1)) ^ MultiplyLow(x45, PowerPair(2)) ^ MultiplyLow(x67, PowerPair(3)) ^ MultiplyLow(x01, PowerPair(0));
        var high = MultiplyHigh(x23, PowerPair(1)) ^ MultiplyHigh(x45, PowerPair(2)) ^ MultiplyHigh(x67, PowerPair(3)) ^ MultiplyHigh(x01, PowerPair(0));
        var middle = MultiplyMiddle(x23, PowerPairSum(1)) ^ MultiplyMiddle(x45, PowerPairSum(2)) ^ MultiplyMiddle(x67, PowerPairSum(3)) ^ MultiplyMiddle(x01, PowerPairSum(0));
        return ReduceWide(low, high, middle);
    }

    /// <summary>(H^(8-2j), H^(7-2j))·x⁻¹: the powers that blocks 2j and 2j+1 of a group are multiplied by.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<ulong> PowerPair(int pair) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_powerPairs), pair);

    /// <summary><see cref="PowerPair"/> with each lane's halves XORed, for the Karatsuba middle product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<ulong> PowerPairSum(int pair) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_powerPairSums), pair);

    /// <summary>Low halves multiplied, per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MultiplyLow(Vector256<ulong> blocks, Vector256<ulong> powers) => Pclmulqdq.V256.CarrylessMultiply(blocks, powers, 0x00);

    /// <summary>High halves multiplied, per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MultiplyHigh(Vector256<ulong> blocks, Vector256<ulong> powers) => Pclmulqdq.V256.CarrylessMultiply(blocks, powers, 0x11);

    /// <summary>
    /// Karatsuba's middle product per lane, (a.lo⊕a.hi)·(b.lo⊕b.hi); <see cref="ReduceWide"/> turns it into
    /// a.lo·b.hi ⊕ a.hi·b.lo by adding the low and high products. One multiplication instead of two for a shuffle
    /// and two XORs: the multiplier is the scarcer unit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MultiplyMiddle(Vector256<ulong> blocks, Vector256<ulong> powerSums) =>
        Pclmulqdq.V256.CarrylessMultiply(blocks ^ Avx2.Shuffle(blocks.AsUInt32(), 0x4E).AsUInt64(), powerSums, 0x00);

    /// <summary>Adds the two lanes of the summed products and reduces: the GHASH state after a group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> ReduceWide(Vector256<ulong> low, Vector256<ulong> high, Vector256<ulong> middle)
    {
        var low128 = low.GetLower() ^ low.GetUpper();
        var high128 = high.GetLower() ^ high.GetUpper();
        return Reduce(low128, high128, middle.GetLower() ^ middle.GetUpper() ^ low128 ^ high128);
    }

    /// <summary>
    /// Hashes up to eight blocks, the last possibly partial (zero-padded), with one reduction: block i of n is
    /// multiplied by H^(n-i).
    /// </summary>
    private Vector128<ulong> UpdateTail(Vector128<ulong> state, ReadOnlySpan<byte> data)
    {
        var blocks = (data.Length + BlockSize - 1) / BlockSize;
        Debug.Assert(blocks is > 0 and <= AggregatedBlocks, "Update hands over one to eight blocks.");

        ref var powers = ref MemoryMarshal.GetArrayDataReference(_powers);
        var low = Vector128<ulong>.Zero;
        var high = Vector128<ulong>.Zero;
        var middle = Vector128<ulong>.Zero;
        for (var i = 0; i < blocks; i++)
        {
            var remaining = data.Length - (i * BlockSize);
            var x = Reflect(remaining >= BlockSize ? Vector128.Create(data.Slice(i * BlockSize, BlockSize)) : LoadPartial(data[(i * BlockSize)..]));
            if (i == 0)
            {
                x ^= state;
            }

            var power = Unsafe.Add(ref powers, blocks - 1 - i);
            low ^= Pclmulqdq.CarrylessMultiply(x, power, 0x00);
            high ^= Pclmulqdq.CarrylessMultiply(x, power, 0x11);
            middle ^= Pclmulqdq.CarrylessMultiply(x, power, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, power, 0x10);
        }

        return Reduce(low, high, middle);
    }

    /// <summary>
    /// Absorbs the length block len(A)·8 ‖ len(C)·8 and returns GHASH in GCM's byte order (SP 800-38D §7.1 step 5).
    /// </summary>
    public Vector128<byte> Finish(Vector128<ulong> state, int associatedDataLength, int ciphertextLength)
    {
        // Reflected, the big-endian 64-bit lengths land as plain integers: len(C) in the low half, len(A) in the high.
        var lengths = Vector128.Create((ulong)ciphertextLength * 8, (ulong)associatedDataLength * 8);
        var x = state ^ lengths;
        var power = _powers[0];
        var hashed = Reduce(
            Pclmulqdq.CarrylessMultiply(x, power, 0x00),
            Pclmulqdq.CarrylessMultiply(x, power, 0x11),
            Pclmulqdq.CarrylessMultiply(x, power, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, power, 0x10));
        return Ssse3.Shuffle(hashed.AsByte(), ByteReverse);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Array.Clear(_powers);
        Array.Clear(_powerPairs);
        Array.Clear(_powerPairSums);
    }

    /// <summary>One full multiplication a·b·x (reflected operands), used to build the table.</summary>
    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b) =>
        Reduce(
            Pclmulqdq.CarrylessMultiply(a, b, 0x00),
            Pclmulqdq.CarrylessMultiply(a, b, 0x11),
            Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10));

    /// <summary>
    /// Reduces the 256-bit schoolbook product (low·1 ⊕ middle·2^64 ⊕ high·2^128) modulo P. Each step takes the lowest
    /// remaining 64 bits A (the highest powers of x) and adds A·(x^128 + x^7 + x^2 + x + 1) shifted into place:
    /// A itself cancels, A·0xC2…·2^64 lands 64 bits up, and A·2^128 lands 128 bits up. Swapping the halves of the
    /// 128-bit remainder moves both contributions into position at once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> low, Vector128<ulong> high, Vector128<ulong> middle)
    {
        var lowHalf = low ^ Sse2.ShiftLeftLogical128BitLane(middle, 8);
        var highHalf = high ^ Sse2.ShiftRightLogical128BitLane(middle, 8);
        var constant = Vector128.CreateScalar(ReductionConstant);
        var folded = Sse2.Shuffle(lowHalf.AsUInt32(), 0x4E).AsUInt64() ^ Pclmulqdq.CarrylessMultiply(lowHalf, constant, 0x00);
        folded = Sse2.Shuffle(folded.AsUInt32(), 0x4E).AsUInt64() ^ Pclmulqdq.CarrylessMultiply(folded, constant, 0x00);
        return highHalf ^ folded;
    }

    /// <summary>
    /// A block of fewer than 16 bytes, zero-padded, read with at most four plain loads: a span copy into a stack
    /// block cost a Memmove call and about 10 ns per packet (every RTP header is such a block).
    /// </summary>
    private static Vector128<byte> LoadPartial(ReadOnlySpan<byte> bytes)
    {
        ref var source = ref MemoryMarshal.GetReference(bytes);
        var length = bytes.Length;
        return length >= 8
            ? Vector128.Create(Unsafe.ReadUnaligned<ulong>(ref source), ReadPartialWord(ref Unsafe.Add(ref source, 8), length - 8)).AsByte()
            : Vector128.Create(ReadPartialWord(ref source, length), 0UL).AsByte();
    }

    /// <summary>Bytes 0..<paramref name="length"/>-1 (length 0..7) as a little-endian word, upper bytes zero.</summary>
    private static ulong ReadPartialWord(ref byte source, int length)
    {
        ulong word = 0;
        if ((length & 4) != 0)
        {
            word = Unsafe.ReadUnaligned<uint>(ref source);
        }

        if ((length & 2) != 0)
        {
            word |= (ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref source, length & 4)) << ((length & 4) * 8);
        }

        if ((length & 1) != 0)
        {
            word |= (ulong)Unsafe.Add(ref source, length & 6) << ((length & 6) * 8);
        }

        return word;
    }
}
