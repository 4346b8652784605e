using System.Security.Cryptography;
using Parley.Srtp.Native;

namespace Parley.Srtp.Tests;

/// <summary>
/// HMAC-SHA1 as SRTP authenticates with it (RFC 3711 §4.2): both implementations — OpenSSL's SHA-1 with precomputed
/// pads, and the IncrementalHash fallback — against RFC 2202 and against .NET's own HMACSHA1.
/// </summary>
#pragma warning disable CA5350 // SHA-1 is what RFC 3711 mandates; these tests check it.
public sealed class HmacSha1AuthenticatorTests
{
    public enum Implementation
    {
        LibCrypto,
        IncrementalHash,
    }

    public static TheoryData<Implementation> Implementations => [Implementation.LibCrypto, Implementation.IncrementalHash];

    // RFC 2202 §3, https://www.rfc-editor.org/rfc/rfc2202#section-3: key, data, digest.
    public static TheoryData<Implementation, string, string, string> Rfc2202Cases()
    {
        var cases = new (string Key, string Data, string Digest)[]
        {
            ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", Convert.ToHexString("Hi There"u8), "b617318655057264e28bc0b6fb378c8ef146be00"),
            (Convert.ToHexString("Jefe"u8), Convert.ToHexString("what do ya want for nothing?"u8), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
            (Repeat("aa", 20), Repeat("dd", 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
            ("0102030405060708090a0b0c0d0e0f10111213141516171819", Repeat("cd", 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
            (Repeat("0c", 20), Convert.ToHexString("Test With Truncation"u8), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
            (Repeat("aa", 80), Convert.ToHexString("Test Using Larger Than Block-Size Key - Hash Key First"u8), "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
            (Repeat("aa", 80), Convert.ToHexString("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"u8), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
        };
        var data = new TheoryData<Implementation, string, string, string>();
        foreach (var implementation in new[] { Implementation.LibCrypto, Implementation.IncrementalHash })
        {
            foreach (var (key, message, digest) in cases)
            {
                data.Add(implementation, key, message, digest);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rfc2202Cases))]
    public void Tags_match_the_rfc2202_test_vectors(Implementation implementation, string keyHex, string dataHex, string digestHex)
    {
        using var authenticator = Create(implementation, Convert.FromHexString(keyHex));
        var tag = new byte[20];

        authenticator.ComputeTag(Convert.FromHexString(dataHex), [], tag);

        Assert.Equal(digestHex, Convert.ToHexStringLower(tag));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void A_truncated_tag_is_the_prefix_of_the_full_digest_as_in_rfc2202_case_5(Implementation implementation)
    {
        using var authenticator = Create(implementation, Convert.FromHexString(Repeat("0c", 20)));
        var tag = new byte[12];

        authenticator.ComputeTag("Test With Truncation"u8, [], tag);

        Assert.Equal("4c1a03424b55e07fe7f27be1", Convert.ToHexStringLower(tag));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Every_message_length_up_to_300_with_every_trailer_length_matches_hmacsha1(Implementation implementation)
    {
        // Every (message length mod 64, trailer length) pair crosses the one-or-two padding block boundary.
        var random = new Random(3711);
        for (var length = 0; length <= 300; length++)
        {
            for (var trailerLength = 0; trailerLength <= HmacSha1Authenticator.MaxTrailerLength; trailerLength++)
            {
                AssertMatchesReference(implementation, random, length, trailerLength);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Large_messages_and_random_keys_match_hmacsha1(Implementation implementation)
    {
        var random = new Random(2104);
        foreach (var length in new[] { 1188, 1200, 1500, 4096, 9000, 65535, 65536, 200_001 })
        {
            AssertMatchesReference(implementation, random, length, 4);
        }

        for (var i = 0; i < 2000; i++)
        {
            AssertMatchesReference(implementation, random, random.Next(0, 3000), random.Next(0, HmacSha1Authenticator.MaxTrailerLength + 1));
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void The_same_authenticator_gives_the_same_tag_for_the_same_message_after_other_messages(Implementation implementation)
    {
        var key = RandomBytes(new Random(5), 20);
        using var authenticator = Create(implementation, key);
        var message = RandomBytes(new Random(6), 1200);
        var first = new byte[10];
        var second = new byte[10];

        authenticator.ComputeTag(message, [0, 0, 0, 1], first);
        authenticator.ComputeTag(message.AsSpan(0, 77), [], new byte[20]);
        authenticator.ComputeTag(message, [0, 0, 0, 1], second);

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Verification_accepts_the_right_tag_and_rejects_any_flipped_bit(Implementation implementation)
    {
        var random = new Random(7);
        using var authenticator = Create(implementation, RandomBytes(random, 20));
        var message = RandomBytes(random, 1200);
        byte[] rollover = [0, 0, 0, 2];
        var tag = new byte[10];
        authenticator.ComputeTag(message, rollover, tag);

        Assert.True(authenticator.VerifyTag(message, rollover, tag));
        for (var bit = 0; bit < tag.Length * 8; bit++)
        {
            tag[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(authenticator.VerifyTag(message, rollover, tag));
            tag[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        message[600] ^= 1;
        Assert.False(authenticator.VerifyTag(message, rollover, tag));
        message[600] ^= 1;
        Assert.False(authenticator.VerifyTag(message, [0, 0, 0, 3], tag));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Tags_outside_1_to_20_bytes_and_long_trailers_are_refused(Implementation implementation)
    {
        using var authenticator = Create(implementation, new byte[20]);

        Assert.Throws<ArgumentException>(() => authenticator.ComputeTag([1, 2, 3], [], []));
        Assert.Throws<ArgumentException>(() => authenticator.ComputeTag([1, 2, 3], [], new byte[21]));
        Assert.Throws<ArgumentException>(() => authenticator.ComputeTag([1, 2, 3], new byte[17], new byte[10]));
        Assert.Throws<ArgumentException>(() => authenticator.VerifyTag([1, 2, 3], [], []));
    }

    [Fact]
    public void The_libcrypto_authenticator_refuses_to_work_after_dispose()
    {
        var authenticator = Create(Implementation.LibCrypto, new byte[20]);
        authenticator.Dispose();

        Assert.Throws<ObjectDisposedException>(() => authenticator.ComputeTag([1], [], new byte[10]));
    }

    [Fact]
    public void Libcrypto_sha1_is_used_on_linux_and_only_there()
    {
        // The fast path must really be the one exercised on Linux: .NET itself needs libcrypto there. Elsewhere
        // .NET uses the platform's crypto and no libcrypto is probed.
        using var authenticator = HmacSha1Authenticator.Create(new byte[20]);
        if (OperatingSystem.IsLinux())
        {
            Assert.NotNull(LibCryptoSha1.Shared);
            Assert.IsType<LibCryptoHmacSha1Authenticator>(authenticator);
        }
        else
        {
            Assert.Null(LibCryptoSha1.Shared);
            Assert.IsType<IncrementalHmacSha1Authenticator>(authenticator);
        }
    }

    [Fact]
    public void The_sha_context_has_openssl_sha_ctx_layout()
    {
        // SHA_CTX: h0..h4, Nl, Nh, data[16], num — 24 32-bit words. OpenSSL writes into all of it.
        Assert.Equal(96, System.Runtime.CompilerServices.Unsafe.SizeOf<ShaContext>());
        Assert.Equal(28, (int)System.Runtime.InteropServices.Marshal.OffsetOf<ShaContext>(nameof(ShaContext.Data)));
    }

    [Fact]
    public void A_missing_library_is_not_usable()
    {
        Assert.False(LibCryptoSha1.TryProbe(["libparley-no-such-library.so.0"], out var handle));
        Assert.Equal(0, handle);
    }

    [Fact]
    public void A_library_without_the_sha1_symbols_is_not_usable()
    {
        // On Linux libc opens fine but exports no SHA1_Init — the shape of an OpenSSL built with no-deprecated.
        Assert.False(LibCryptoSha1.TryProbe(["libc.so.6"], out _));
    }

    [Fact]
    public void Without_libcrypto_the_factory_falls_back_to_incremental_hash()
    {
        using var authenticator = HmacSha1Authenticator.Create(new byte[20], sha1: null);

        Assert.IsType<IncrementalHmacSha1Authenticator>(authenticator);
    }

    private static void AssertMatchesReference(Implementation implementation, Random random, int length, int trailerLength)
    {
        var key = RandomBytes(random, random.Next(0, 100));
        var message = RandomBytes(random, length);
        var trailer = RandomBytes(random, trailerLength);
        var tagLength = random.Next(1, 21);
        using var authenticator = Create(implementation, key);
        var tag = new byte[tagLength];

        authenticator.ComputeTag(message, trailer, tag);

        byte[] authenticated = [.. message, .. trailer];
        var expected = HMACSHA1.HashData(key, authenticated);
        Assert.True(
            expected.AsSpan(0, tagLength).SequenceEqual(tag),
            $"key {key.Length} B, message {length} B, trailer {trailerLength} B, tag {tagLength} B");
    }

    internal static HmacSha1Authenticator Create(Implementation implementation, byte[] key) => implementation switch
    {
        Implementation.LibCrypto => new LibCryptoHmacSha1Authenticator(
            LibCryptoSha1.Shared ?? throw new InvalidOperationException("libcrypto's SHA-1 is not loadable on this machine."),
            key),
        _ => new IncrementalHmacSha1Authenticator(key),
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Repeat(string hexByte, int count) => string.Concat(Enumerable.Repeat(hexByte, count));
}
