using System.Security.Cryptography;

namespace Parley.Srtp.Tests;

using static RtpPackets;

/// <summary>
/// AES-GCM on AES-NI + PCLMULQDQ (both the 256-bit VPCLMULQDQ and the 128-bit GHASH path) and the platform fallback:
/// the McGrew–Viega test cases from the GCM specification (as republished with NIST's validation suite), a randomized
/// cross-check against <see cref="AesGcm"/>, and tamper detection.
/// </summary>
public sealed class AesNiGcmTests
{
    private const string Key128 = "feffe9928665731c6d6a8f9467308308";
    private const string Iv = "cafebabefacedbaddecaf888";
    private const string Aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    private const string Plaintext64 =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";

    public static TheoryData<string, string, string, string, string, string> McGrewViegaCases => new()
    {
        // Test cases 1–4 (AES-128) and 13–16 (AES-256); 4 and 16 have AAD and a 60-byte (non-multiple of 16) text.
        { new string('0', 32), new string('0', 24), "", "", "", "58e2fccefa7e3061367f1d57a4e7455a" },
        { new string('0', 32), new string('0', 24), new string('0', 32), "", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf" },
        {
            Key128, Iv, Plaintext64, "",
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4"
        },
        {
            Key128, Iv, Plaintext64[..120], Aad,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47"
        },
        { new string('0', 64), new string('0', 24), "", "", "", "530f8afbc74536b9a963b4f1c4cb738b" },
        { new string('0', 64), new string('0', 24), new string('0', 32), "", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919" },
        {
            Key128 + Key128, Iv, Plaintext64, "",
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
            "b094dac5d93471bdec1a502270e3cc6c"
        },
        {
            Key128 + Key128, Iv, Plaintext64[..120], Aad,
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b"
        },
    };

    [Theory]
    [MemberData(nameof(McGrewViegaCases))]
    public void Every_implementation_encrypts_the_gcm_specification_test_cases(string key, string iv, string plaintext, string aad, string ciphertext, string tag)
    {
        foreach (var (name, cipher) in AesGcmImplementations.All(Hex(key)))
        {
            using (cipher)
            {
                var data = Hex(plaintext);
                var computedTag = new byte[16];
                cipher.Encrypt(Hex(iv), data, Hex(aad), computedTag);

                Assert.True(Hex(ciphertext).AsSpan().SequenceEqual(data), name);
                Assert.True(Hex(tag).AsSpan().SequenceEqual(computedTag), name);

                Assert.True(cipher.TryDecrypt(Hex(iv), data, Hex(aad), Hex(tag)), name);
                Assert.True(Hex(plaintext).AsSpan().SequenceEqual(data), name);
            }
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Every_length_from_0_to_300_and_some_large_ones_matches_the_platform_aes_gcm_both_ways(int keyLength)
    {
        var random = new Random(1000 + keyLength);
        var lengths = Enumerable.Range(0, 301).Concat([1024, 1188, 1200, 2000, 2048, 4097, 65536 + 3]);
        foreach (var length in lengths)
        {
            var key = Bytes(random, keyLength);
            var nonce = Bytes(random, 12);

            // AAD lengths cycle through 0..140 so they hit empty, partial, single, multi-block and 8-block groups.
            var aad = Bytes(random, (length * 7) % 141);
            var plaintext = Bytes(random, length);
            using var reference = new AesGcm(key, 16);
            var expected = new byte[length];
            var expectedTag = new byte[16];
            reference.Encrypt(nonce, plaintext, expected, expectedTag, aad);

            foreach (var (name, cipher) in AesGcmImplementations.All(key))
            {
                using (cipher)
                {
                    var context = $"{name}, length {length}, AAD {aad.Length}";
                    var data = (byte[])plaintext.Clone();
                    var tag = new byte[16];
                    cipher.Encrypt(nonce, data, aad, tag);
                    Assert.True(expected.AsSpan().SequenceEqual(data), context);
                    Assert.True(expectedTag.AsSpan().SequenceEqual(tag), context);

                    Assert.True(cipher.TryDecrypt(nonce, data, aad, tag), context);
                    Assert.True(plaintext.AsSpan().SequenceEqual(data), context);
                }
            }
        }
    }

    [Fact]
    public void Aad_of_any_length_up_to_600_bytes_matches_the_platform_aes_gcm()
    {
        var random = new Random(7);
        for (var aadLength = 0; aadLength <= 600; aadLength += 1 + (aadLength / 40))
        {
            var key = Bytes(random, 16);
            var nonce = Bytes(random, 12);
            var aad = Bytes(random, aadLength);
            var plaintext = Bytes(random, 37);
            using var reference = new AesGcm(key, 16);
            var expectedTag = new byte[16];
            reference.Encrypt(nonce, plaintext, new byte[37], expectedTag, aad);

            foreach (var (name, cipher) in AesGcmImplementations.All(key))
            {
                using (cipher)
                {
                    var tag = new byte[16];
                    cipher.Encrypt(nonce, (byte[])plaintext.Clone(), aad, tag);
                    Assert.True(expectedTag.AsSpan().SequenceEqual(tag), $"{name}, AAD {aadLength}");
                }
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(128)]
    [InlineData(1188)]
    public void Flipping_any_bit_of_ciphertext_tag_or_aad_fails_and_leaves_no_plaintext(int length)
    {
        var random = new Random(length);
        var key = Bytes(random, 16);
        var nonce = Bytes(random, 12);
        var aad = Bytes(random, 12);
        var plaintext = Bytes(random, length);
        foreach (var (name, cipher) in AesGcmImplementations.All(key))
        {
            using (cipher)
            {
                var ciphertext = (byte[])plaintext.Clone();
                var tag = new byte[16];
                cipher.Encrypt(nonce, ciphertext, aad, tag);

                // Every bit of short inputs, a spread of bits of long ones (the full sweep costs seconds).
                var step = length > 200 ? 61 : 1;
                for (var bit = 0; bit < ciphertext.Length * 8; bit += step)
                {
                    var data = (byte[])ciphertext.Clone();
                    data[bit / 8] ^= (byte)(1 << (bit % 8));
                    var tampered = (byte[])data.Clone();
                    Assert.False(cipher.TryDecrypt(nonce, data, aad, tag), $"{name}: ciphertext bit {bit}");
                    Assert.True(data.AsSpan().SequenceEqual(tampered) || data.All(b => b == 0), $"{name}: buffer after failure, bit {bit}");
                }

                for (var bit = 0; bit < 128; bit++)
                {
                    var badTag = (byte[])tag.Clone();
                    badTag[bit / 8] ^= (byte)(1 << (bit % 8));
                    Assert.False(cipher.TryDecrypt(nonce, (byte[])ciphertext.Clone(), aad, badTag), $"{name}: tag bit {bit}");
                }

                for (var bit = 0; bit < aad.Length * 8; bit++)
                {
                    var badAad = (byte[])aad.Clone();
                    badAad[bit / 8] ^= (byte)(1 << (bit % 8));
                    Assert.False(cipher.TryDecrypt(nonce, (byte[])ciphertext.Clone(), badAad, tag), $"{name}: AAD bit {bit}");
                }

                var untouched = (byte[])ciphertext.Clone();
                Assert.True(cipher.TryDecrypt(nonce, untouched, aad, tag), name);
                Assert.Equal(plaintext, untouched);
            }
        }
    }

    [Fact]
    public void A_failed_hardware_decryption_leaves_the_ciphertext_untouched()
    {
        if (!AesNiCounterModeTests.HardwarePathAvailable())
        {
            return;
        }

        var random = new Random(99);
        using var cipher = new AesNiGcm(Bytes(random, 32));
        var nonce = Bytes(random, 12);
        var ciphertext = Bytes(random, 1188);
        var data = (byte[])ciphertext.Clone();

        Assert.False(cipher.TryDecrypt(nonce, data, Bytes(random, 12), Bytes(random, 16)));
        Assert.Equal(ciphertext, data);
    }

    [Fact]
    public void The_srtp_transform_picks_the_hardware_cipher_on_this_cpu()
    {
        using var cipher = AesGcmSrtpTransform.CreateCipher(new byte[16]);

        Assert.IsType(AesNiGcm.IsSupported ? typeof(AesNiGcm) : typeof(PlatformAesGcm), cipher);
        if (AesNiCounterModeTests.HardwarePathAvailable())
        {
            Assert.IsType<AesNiGcm>(cipher);
        }
    }

    [Fact]
    public void Wrong_key_nonce_or_tag_sizes_are_rejected()
    {
        if (!AesNiCounterModeTests.HardwarePathAvailable())
        {
            return;
        }

        Assert.Throws<ArgumentException>(() => new AesNiGcm(new byte[24]));
        using var cipher = new AesNiGcm(new byte[16]);
        Assert.Throws<ArgumentException>(() => cipher.Encrypt(new byte[8], new byte[16], [], new byte[16]));
        Assert.Throws<ArgumentException>(() => cipher.Encrypt(new byte[12], new byte[16], [], new byte[12]));
    }

    /// <summary>The hardware cipher with both GHASH widths the CPU supports, and the platform fallback.</summary>
    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
