using System.Globalization;
using System.Security.Cryptography;

namespace Parley.Srtp.Tests;

/// <summary>
/// A larger randomized cross-check of our ciphers against the platform's (the per-length tests in the other classes
/// walk every small size; these draw thousands of random keys, sizes and contents). The seed is fixed so a failure
/// reproduces; <c>PARLEY_CRYPTO_SEED</c> and <c>PARLEY_CRYPTO_CASES</c> change it for a longer soak run outside the suite.
/// </summary>
#pragma warning disable CA5350, CA5351 // SHA-1 is what RFC 3711 mandates; these tests check it.
public sealed class SeededDifferentialTests
{
    private static readonly int Seed = EnvironmentNumber("PARLEY_CRYPTO_SEED", 20261203);

    private static readonly int Cases = EnvironmentNumber("PARLEY_CRYPTO_CASES", 20_000);

    [Fact]
    public void Random_aes_gcm_cases_match_the_platform_and_every_flipped_bit_is_refused()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Cases; i++)
        {
            var key = Bytes(random, random.Next(2) == 0 ? 16 : 32);
            var nonce = Bytes(random, 12);
            var aad = Bytes(random, random.Next(0, 81));
            var plaintext = Bytes(random, PacketLength(random));
            var expected = new byte[plaintext.Length];
            var expectedTag = new byte[16];
            using (var reference = new AesGcm(key, 16))
            {
                reference.Encrypt(nonce, plaintext, expected, expectedTag, aad);
            }

            foreach (var (name, cipher) in AesGcmImplementations.All(key))
            {
                using (cipher)
                {
                    var context = $"seed {Seed}, case {i}, {name}, {plaintext.Length} B, AAD {aad.Length} B";
                    var data = (byte[])plaintext.Clone();
                    var tag = new byte[16];
                    cipher.Encrypt(nonce, data, aad, tag);
                    Assert.True(expected.AsSpan().SequenceEqual(data) && expectedTag.AsSpan().SequenceEqual(tag), context);

                    // One flipped bit anywhere in ciphertext, tag or AAD must fail authentication.
                    var forged = (byte[])data.Clone();
                    var forgedTag = (byte[])tag.Clone();
                    var forgedAad = (byte[])aad.Clone();
                    FlipRandomBit(random, forged, forgedTag, forgedAad);
                    Assert.False(cipher.TryDecrypt(nonce, forged, forgedAad, forgedTag), context);

                    Assert.True(cipher.TryDecrypt(nonce, data, aad, tag), context);
                    Assert.True(plaintext.AsSpan().SequenceEqual(data), context);
                }
            }
        }
    }

    [Fact]
    public void Random_counter_mode_cases_match_the_platform_aes()
    {
        if (!AesNiCounterModeTests.HardwarePathAvailable())
        {
            return;
        }

        var random = new Random(Seed + 1);
        for (var i = 0; i < Cases; i++)
        {
            var key = Bytes(random, 16 + (8 * random.Next(3)));
            var counter = Bytes(random, 16);
            if (random.Next(8) == 0)
            {
                counter.AsSpan(12).Fill(0xFF); // the low 32 bits about to wrap
            }

            var data = Bytes(random, PacketLength(random));
            using var hardware = new AesNiCounterMode(key);
            using var platform = new EcbAesCounterMode(key); // the platform's AES-ECB producing the keystream
            var expected = (byte[])data.Clone();
            platform.Apply(counter, expected);
            hardware.Apply(counter, data);

            Assert.True(expected.AsSpan().SequenceEqual(data), $"seed {Seed + 1}, case {i}, key {key.Length * 8} bits, {data.Length} B");
        }
    }

    [Theory]
    [MemberData(nameof(HmacSha1AuthenticatorTests.Implementations), MemberType = typeof(HmacSha1AuthenticatorTests))]
    public void Random_hmac_sha1_cases_match_the_platform(HmacSha1AuthenticatorTests.Implementation implementation)
    {
        var random = new Random(Seed + 2);
        for (var i = 0; i < Cases; i++)
        {
            var key = Bytes(random, random.Next(0, 100));
            var message = Bytes(random, PacketLength(random));
            var trailer = Bytes(random, random.Next(0, HmacSha1Authenticator.MaxTrailerLength + 1));
            var tag = new byte[random.Next(1, 21)];
            using var authenticator = HmacSha1AuthenticatorTests.Create(implementation, key);
            authenticator.ComputeTag(message, trailer, tag);

            byte[] authenticated = [.. message, .. trailer];
            var expected = HMACSHA1.HashData(key, authenticated);
            var context = $"seed {Seed + 2}, case {i}, {message.Length} B";
            Assert.True(expected.AsSpan(0, tag.Length).SequenceEqual(tag), context);
            tag[random.Next(tag.Length)] ^= (byte)(1 << random.Next(8));
            Assert.False(authenticator.VerifyTag(message, trailer, tag), context);
        }
    }

    /// <summary>Mostly RTP-sized (0–1,500 B), sometimes larger, so both the tails and the 8-block loops are drawn.</summary>
    private static int PacketLength(Random random) => random.Next(10) == 0 ? random.Next(1_500, 9_000) : random.Next(0, 1_501);

    private static void FlipRandomBit(Random random, byte[] ciphertext, byte[] tag, byte[] aad)
    {
        var bits = (ciphertext.Length + tag.Length + aad.Length) * 8;
        var bit = random.Next(bits);
        var target = bit < ciphertext.Length * 8 ? ciphertext : bit < (ciphertext.Length + tag.Length) * 8 ? tag : aad;
        var offset = bit < ciphertext.Length * 8 ? bit : bit < (ciphertext.Length + tag.Length) * 8 ? bit - (ciphertext.Length * 8) : bit - ((ciphertext.Length + tag.Length) * 8);
        target[offset / 8] ^= (byte)(1 << (offset % 8));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
