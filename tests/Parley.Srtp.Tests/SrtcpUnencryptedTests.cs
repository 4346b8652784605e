using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Srtp.Tests;

using static RtpPackets;

/// <summary>
/// SRTCP packets with E = 0 (authenticated, not encrypted; RFC 3711 §3.4, RFC 7714 §9.3). We never send them, but a
/// peer may; built here by hand from the derived session keys.
/// </summary>
public sealed class SrtcpUnencryptedTests
{
    private const uint Ssrc = 0xBEEF;
    private const uint Index = 7;

    [Fact]
    public void An_authenticated_but_unencrypted_aes_cm_srtcp_packet_is_accepted_as_is()
    {
        var (key, salt) = MasterKey(SrtpProfile.AesCm128HmacSha1_80, 9);
        var authenticationKey = new byte[20];
        SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.RtcpAuthenticationLabel, authenticationKey);
        var plain = Rtcp(Ssrc, spare: 0);
        var packet = new byte[plain.Length + 4 + 10];
        plain.CopyTo(packet, 0);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(plain.Length), Index); // E = 0
#pragma warning disable CA5350 // SRTP's HMAC-SHA1 is what we are checking against.
        HMACSHA1.HashData(authenticationKey, packet.AsSpan(0, plain.Length + 4)).AsSpan(0, 10).CopyTo(packet.AsSpan(plain.Length + 4));
#pragma warning restore CA5350
        using var receiver = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, key, salt);

        Assert.True(receiver.TryUnprotectRtcp(packet, out var length));
        Assert.Equal(plain, packet[..length]);
    }

    [Fact]
    public void An_authenticated_but_unencrypted_gcm_srtcp_packet_is_accepted_and_a_forged_one_is_not()
    {
        var (key, salt) = MasterKey(SrtpProfile.AeadAes128Gcm, 9);
        var sessionKey = new byte[16];
        var sessionSalt = new byte[12];
        SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.RtcpEncryptionLabel, sessionKey);
        SrtpKeyDerivation.Derive(key, salt, SrtpKeyDerivation.RtcpSaltLabel, sessionSalt);
        var plain = Rtcp(Ssrc, spare: 0);

        // AAD = whole RTCP packet || E+index; empty plaintext; the tag then the index word follow the packet.
        var associatedData = new byte[plain.Length + 4];
        plain.CopyTo(associatedData, 0);
        BinaryPrimitives.WriteUInt32BigEndian(associatedData.AsSpan(plain.Length), Index);
        var nonce = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(2), Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), Index);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= sessionSalt[i];
        }

        var tag = new byte[16];
        using (var gcm = new AesGcm(sessionKey, 16))
        {
            gcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, associatedData);
        }

        var packet = plain.Concat(tag).Concat(associatedData[^4..]).ToArray();
        var forged = (byte[])packet.Clone();
        forged[12] ^= 1;
        using var receiver = new SrtpContext(SrtpProfile.AeadAes128Gcm, key, salt);

        Assert.False(receiver.TryUnprotectRtcp(forged, out _));
        Assert.True(receiver.TryUnprotectRtcp(packet, out var length));
        Assert.Equal(plain, packet[..length]);
    }
}
