namespace Parley.Srtp.Tests;

using static RtpPackets;

/// <summary>Known-answer tests from RFC 3711 Appendix B, RFC 7714 §16/§17 and libsrtp's reference packets.</summary>
public sealed class SrtpRfcVectorTests
{
    private static readonly byte[] Rfc3711MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] Rfc3711MasterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Aes_counter_mode_keystream_matches_rfc3711_appendix_b2()
    {
        using var cipher = new AesCounterMode(Hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        var keystream = new byte[16 * 3];
        cipher.Apply(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);

        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"), keystream);
    }

    [Fact]
    public void Aes_counter_mode_keystream_at_the_end_of_the_counter_range_matches_rfc3711_appendix_b2()
    {
        using var cipher = new AesCounterMode(Hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        var keystream = new byte[16 * 3];
        cipher.Apply(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"), keystream);

        Assert.Equal(Hex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"), keystream);
    }

    [Fact]
    public void Session_keys_match_rfc3711_appendix_b3()
    {
        var encryptionKey = new byte[16];
        var salt = new byte[14];
        var authenticationKey = new byte[20];
        SrtpKeyDerivation.Derive(Rfc3711MasterKey, Rfc3711MasterSalt, SrtpKeyDerivation.RtpEncryptionLabel, encryptionKey);
        SrtpKeyDerivation.Derive(Rfc3711MasterKey, Rfc3711MasterSalt, SrtpKeyDerivation.RtpSaltLabel, salt);
        SrtpKeyDerivation.Derive(Rfc3711MasterKey, Rfc3711MasterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authenticationKey);

        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), encryptionKey);
        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), salt);
        Assert.Equal(Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), authenticationKey);
    }

    // libsrtp's srtp_driver reference packet: AES_CM_128_HMAC_SHA1_80 with the RFC 3711 B.3 master key. It checks the
    // keystream, the HMAC-SHA1 tag over header || payload || ROC and its truncation to 80 bits in one go.
    private static readonly byte[] ReferenceRtp = Hex("800f1234decafbadcafebabeabababababababababababababababab");
    private static readonly byte[] ReferenceSrtp = Hex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
    private static readonly byte[] ReferenceRtcp = Hex("81c8000bcafebabeabababababababababababababababab");
    private static readonly byte[] ReferenceSrtcpIndex1 = Hex("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

    [Fact]
    public void Aes_cm_hmac_sha1_80_protects_the_reference_rtp_packet_byte_for_byte()
    {
        using var context = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, Rfc3711MasterKey, Rfc3711MasterSalt);
        var buffer = new byte[ReferenceRtp.Length + 10];
        ReferenceRtp.CopyTo(buffer, 0);

        Assert.True(context.TryProtectRtp(buffer, ReferenceRtp.Length, out var length));
        Assert.Equal(ReferenceSrtp, buffer[..length]);
    }

    [Fact]
    public void Aes_cm_hmac_sha1_80_unprotects_the_reference_srtp_packet()
    {
        using var context = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, Rfc3711MasterKey, Rfc3711MasterSalt);
        var packet = (byte[])ReferenceSrtp.Clone();

        Assert.True(context.TryUnprotectRtp(packet, out var length));
        Assert.Equal(ReferenceRtp, packet[..length]);
    }

    [Fact]
    public void Aes_cm_hmac_sha1_80_protects_the_reference_rtcp_packet_with_index_1()
    {
        using var context = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, Rfc3711MasterKey, Rfc3711MasterSalt);
        var buffer = new byte[ReferenceRtcp.Length + 14];

        // Our SRTCP index starts at 0 (RFC 3711 §3.4); the reference packet carries index 1, so protect twice.
        ReferenceRtcp.CopyTo(buffer, 0);
        Assert.True(context.TryProtectRtcp(buffer, ReferenceRtcp.Length, out _));
        ReferenceRtcp.CopyTo(buffer, 0);
        Assert.True(context.TryProtectRtcp(buffer, ReferenceRtcp.Length, out var length));

        Assert.Equal(ReferenceSrtcpIndex1, buffer[..length]);
    }

    [Fact]
    public void Aes_cm_hmac_sha1_80_unprotects_the_reference_srtcp_packet()
    {
        using var context = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, Rfc3711MasterKey, Rfc3711MasterSalt);
        var packet = (byte[])ReferenceSrtcpIndex1.Clone();

        Assert.True(context.TryUnprotectRtcp(packet, out var length));
        Assert.Equal(ReferenceRtcp, packet[..length]);
    }

    [Fact]
    public void Aes_cm_hmac_sha1_32_tag_is_the_first_four_bytes_of_the_80_bit_tag()
    {
        using var context = new SrtpContext(SrtpProfile.AesCm128HmacSha1_32, Rfc3711MasterKey, Rfc3711MasterSalt);
        var buffer = new byte[ReferenceRtp.Length + 4];
        ReferenceRtp.CopyTo(buffer, 0);

        Assert.True(context.TryProtectRtp(buffer, ReferenceRtp.Length, out var length));
        Assert.Equal(ReferenceSrtp[..(ReferenceRtp.Length + 4)], buffer[..length]);
    }

    // RFC 7714 §16 and §17: session key/salt given directly, "Gallia est omnis divisa in partes tres".
    private static readonly byte[] GcmKey128 = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmKey256 = Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] GcmSalt = Hex("517569642070726f2071756f");
    private static readonly byte[] GcmRtp = Hex("8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
    private static readonly byte[] GcmRtcp = Hex("81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
    private const uint GcmRtcpIndex = 0x5d4;

    public static TheoryData<SrtpProfile, string> GcmRtpVectors => new()
    {
        { SrtpProfile.AeadAes128Gcm, "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce" },
        { SrtpProfile.AeadAes256Gcm, "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13" },
    };

    [Theory]
    [MemberData(nameof(GcmRtpVectors))]
    public void Gcm_rtp_encryption_matches_rfc7714_section_16(SrtpProfile profile, string expectedHex)
    {
        using var transform = GcmTransform(profile);
        var buffer = new byte[GcmRtp.Length + 16];
        GcmRtp.CopyTo(buffer, 0);

        var length = transform.ProtectRtp(buffer, 12, GcmRtp.Length, 0x5501a0b2, 0xf17b);

        Assert.Equal(Hex(expectedHex), buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(GcmRtpVectors))]
    public void Gcm_rtp_decryption_matches_rfc7714_section_16(SrtpProfile profile, string protectedHex)
    {
        using var transform = GcmTransform(profile);
        var packet = Hex(protectedHex);

        Assert.True(transform.TryUnprotectRtp(packet, 12, packet.Length, 0x5501a0b2, 0xf17b));
        Assert.Equal(GcmRtp, packet[..^16]);
    }

    [Fact]
    public void Gcm_128_rtcp_encryption_matches_rfc7714_section_17()
    {
        using var transform = GcmTransform(SrtpProfile.AeadAes128Gcm);
        var buffer = new byte[GcmRtcp.Length + 20];
        GcmRtcp.CopyTo(buffer, 0);

        var length = transform.ProtectRtcp(buffer, GcmRtcp.Length, 0x4d617273, GcmRtcpIndex);

        Assert.Equal(
            Hex("81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4"),
            buffer[..length]);
    }

    [Fact]
    public void Gcm_256_rtcp_decryption_matches_rfc7714_section_17()
    {
        using var transform = GcmTransform(SrtpProfile.AeadAes256Gcm);
        var packet = Hex("81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4");

        Assert.True(transform.TryReadRtcpIndexWord(packet, out var indexWord));
        Assert.Equal(0x8000_0000u | GcmRtcpIndex, indexWord);
        Assert.True(transform.TryUnprotectRtcp(packet, packet.Length, 0x4d617273, indexWord, out var length));
        Assert.Equal(GcmRtcp, packet[..length]);
    }

    [Fact]
    public void Gcm_rtp_with_a_flipped_tag_bit_fails_authentication()
    {
        using var transform = GcmTransform(SrtpProfile.AeadAes128Gcm);
        var packet = Hex("8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce");
        packet[^1] ^= 0x01;

        Assert.False(transform.TryUnprotectRtp(packet, 12, packet.Length, 0x5501a0b2, 0xf17b));
    }

    private static AesGcmSrtpTransform GcmTransform(SrtpProfile profile) => AesGcmSrtpTransform.FromSessionKeys(
        SrtpProfileParameters.For(profile),
        profile == SrtpProfile.AeadAes256Gcm ? GcmKey256 : GcmKey128,
        GcmSalt);
}
