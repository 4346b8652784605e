using System.Runtime.Intrinsics;

namespace Parley.Srtp.Tests;

using static RtpPackets;

/// <summary>
/// The AES-NI key schedule and counter mode against FIPS-197's known answers and, for every length that matters,
/// against the platform ECB implementation (<see cref="EcbAesCounterMode"/>), which stays the fallback.
/// </summary>
public sealed class AesNiCounterModeTests
{
    [Theory]
    [InlineData("000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a")]
    [InlineData("000102030405060708090a0b0c0d0e0f1011121314151617", "dda97ca4864cdfe06eaf70a0ec0d7191")]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089")]
    public void The_key_schedule_encrypts_the_fips197_appendix_c_blocks(string key, string ciphertext)
    {
        if (!HardwarePathAvailable())
        {
            return;
        }

        using var schedule = new AesNiKeySchedule(Hex(key));

        var block = schedule.EncryptBlock(Vector128.Create(Hex("00112233445566778899aabbccddeeff")));

        Assert.Equal(Hex(ciphertext), ToBytes(block));
    }

    [Fact]
    public void The_last_aes128_round_key_matches_fips197_appendix_a1()
    {
        if (!HardwarePathAvailable())
        {
            return;
        }

        using var schedule = new AesNiKeySchedule(Hex("2b7e151628aed2a6abf7158809cf4f3c"));

        Assert.Equal(10, schedule.Rounds);
        Assert.Equal(Hex("d014f9a8c9ee2589e13f0cc8b6630ca6"), ToBytes(System.Runtime.CompilerServices.Unsafe.Add(ref schedule.First, 10)));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void Keystream_equals_the_ecb_fallback_for_every_length_up_to_300_and_some_large_ones(int keyLength)
    {
        if (!HardwarePathAvailable())
        {
            return;
        }

        var random = new Random(keyLength);
        var lengths = Enumerable.Range(0, 301).Concat([1024, 1188, 2000, 2048, 4099, 65536 + 5]);
        foreach (var length in lengths)
        {
            var key = Bytes(random, keyLength);
            var counter = Bytes(random, 16);
            var data = Bytes(random, length);
            using var hardware = new AesNiCounterMode(key);
            using var fallback = new EcbAesCounterMode(key);

            var expected = (byte[])data.Clone();
            fallback.Apply(counter, expected);
            var actual = (byte[])data.Clone();
            hardware.Apply(counter, actual);

            Assert.True(expected.AsSpan().SequenceEqual(actual), $"length {length}, key {keyLength * 8} bits");
        }
    }

    [Theory]
    [InlineData("F0F1F2F3F4F5F6F7F8F9FAFBFFFFFFFE")]
    [InlineData("F0F1F2F3F4F5F6F7F8F9FAFBFFFFFFF9")]
    [InlineData("000000000000000000000000FFFFFFFF")]
    public void Only_the_low_32_bits_of_the_counter_wrap_as_in_the_fallback(string counterHex)
    {
        if (!HardwarePathAvailable())
        {
            return;
        }

        var key = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
        var counter = Hex(counterHex);
        using var hardware = new AesNiCounterMode(key);
        using var fallback = new EcbAesCounterMode(key);
        var expected = new byte[16 * 20];
        fallback.Apply(counter, expected);
        var actual = new byte[16 * 20];
        hardware.Apply(counter, actual);

        Assert.Equal(expected, actual);

        // Block 5 is the counter plus 5 modulo 2^32 with bytes 0..11 untouched: the same keystream as starting
        // directly at that wrapped counter (no carry into byte 11).
        var wrapped = (byte[])counter.Clone();
        var low = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(wrapped.AsSpan(12)) + 5u;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(wrapped.AsSpan(12), low);
        var direct = new byte[16];
        hardware.Apply(wrapped, direct);
        Assert.Equal(direct, actual[(16 * 5)..(16 * 6)]);
    }

    [Fact]
    public void The_public_counter_mode_uses_the_hardware_path_and_agrees_with_the_fallback()
    {
        var key = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        var counter = Hex("0EC675AD498AFEEBB6960B3AABE60000");
        using var cipher = new AesCounterMode(key);
        using var fallback = new EcbAesCounterMode(key);
        var expected = new byte[1188];
        fallback.Apply(counter, expected);
        var actual = new byte[1188];
        cipher.Apply(counter, actual);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Keys_of_other_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new AesCounterMode(new byte[20]));
        Assert.Throws<ArgumentException>(() => new EcbAesCounterMode(new byte[15]));
        if (AesNiCounterMode.IsSupported)
        {
            Assert.Throws<ArgumentException>(() => new AesNiCounterMode(new byte[33]));
        }
    }

    /// <summary>
    /// On x86-64 the hardware path must be there (every CPU we deploy on has AES-NI, so its absence is a failure);
    /// on other architectures only the fallback exists and the hardware tests have nothing to run.
    /// </summary>
    internal static bool HardwarePathAvailable()
    {
        Assert.True(AesNiCounterMode.IsSupported || !System.Runtime.Intrinsics.X86.X86Base.IsSupported, "x86-64 without AES-NI.");
        return AesNiCounterMode.IsSupported;
    }

    private static byte[] ToBytes(Vector128<byte> block)
    {
        var bytes = new byte[16];
        block.CopyTo(bytes);
        return bytes;
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
