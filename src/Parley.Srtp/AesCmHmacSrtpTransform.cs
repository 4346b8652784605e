using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Srtp;

/// <summary>
/// AES_CM_128 encryption with HMAC-SHA1 authentication (RFC 3711 §4.1.1 and §4.2,
/// https://www.rfc-editor.org/rfc/rfc3711#section-4.1.1; SRTCP layout §3.4).
/// </summary>
internal sealed class AesCmHmacSrtpTransform : SrtpTransform
{
    private const int SaltLength = 14;
    private const int HmacSha1Length = 20;
    private const int RtcpHeaderLength = 8;
    private const uint EncryptedFlag = 0x8000_0000;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt = new byte[SaltLength];
    private readonly byte[] _rtcpSalt = new byte[SaltLength];

    public AesCmHmacSrtpTransform(SrtpProfileParameters parameters, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
        : base(parameters)
    {
        // Session keys are derived once here (key_derivation_rate 0), never per packet.
        Span<byte> encryptionKey = stackalloc byte[parameters.MasterKeyLength];
        Span<byte> authenticationKey = stackalloc byte[SrtpProfileParameters.HmacSha1KeyLength];
        using var prf = new AesCounterMode(masterKey);

        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, encryptionKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authenticationKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpSaltLabel, _rtpSalt);
        _rtpCipher = new AesCounterMode(encryptionKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authenticationKey);

        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpEncryptionLabel, encryptionKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpAuthenticationLabel, authenticationKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpSaltLabel, _rtcpSalt);
        _rtcpCipher = new AesCounterMode(encryptionKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authenticationKey);

        CryptographicOperations.ZeroMemory(encryptionKey);
        CryptographicOperations.ZeroMemory(authenticationKey);
    }

    public override int ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index)
    {
        Span<byte> counter = stackalloc byte[16];
        BuildCounter(_rtpSalt, ssrc, index, counter);
        _rtpCipher.Apply(counter, packet[headerLength..payloadEnd]);

        Span<byte> tag = stackalloc byte[HmacSha1Length];
        ComputeRtpTag(packet[..payloadEnd], (uint)(index >> 16), tag);
        tag[..RtpTagLength].CopyTo(packet[payloadEnd..]);
        return payloadEnd + RtpTagLength;
    }

    public override bool TryUnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        var payloadEnd = length - RtpTagLength;
        Span<byte> tag = stackalloc byte[HmacSha1Length];
        ComputeRtpTag(packet[..payloadEnd], (uint)(index >> 16), tag);
        if (!CryptographicOperations.FixedTimeEquals(tag[..RtpTagLength], packet.Slice(payloadEnd, RtpTagLength)))
        {
            return false;
        }

        Span<byte> counter = stackalloc byte[16];
        BuildCounter(_rtpSalt, ssrc, index, counter);
        _rtpCipher.Apply(counter, packet[headerLength..payloadEnd]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> counter = stackalloc byte[16];
        BuildCounter(_rtcpSalt, ssrc, index, counter);
        _rtcpCipher.Apply(counter, packet[RtcpHeaderLength..length]);

        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], EncryptedFlag | index);
        var authenticatedEnd = length + 4;
        Span<byte> tag = stackalloc byte[HmacSha1Length];
        ComputeRtcpTag(packet[..authenticatedEnd], tag);
        tag[..RtcpTagLength].CopyTo(packet[authenticatedEnd..]);
        return authenticatedEnd + RtcpTagLength;
    }

    public override bool TryReadRtcpIndexWord(ReadOnlySpan<byte> packet, out uint encryptedFlagAndIndex)
    {
        // Layout: header(8) | payload | E+index(4) | tag.
        if (packet.Length < RtcpHeaderLength + 4 + RtcpTagLength)
        {
            encryptedFlagAndIndex = 0;
            return false;
        }

        encryptedFlagAndIndex = BinaryPrimitives.ReadUInt32BigEndian(packet[(packet.Length - RtcpTagLength - 4)..]);
        return true;
    }

    public override bool TryUnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint encryptedFlagAndIndex, out int plainLength)
    {
        var authenticatedEnd = length - RtcpTagLength;
        plainLength = authenticatedEnd - 4;
        Span<byte> tag = stackalloc byte[HmacSha1Length];
        ComputeRtcpTag(packet[..authenticatedEnd], tag);
        if (!CryptographicOperations.FixedTimeEquals(tag[..RtcpTagLength], packet.Slice(authenticatedEnd, RtcpTagLength)))
        {
            return false;
        }

        if ((encryptedFlagAndIndex & EncryptedFlag) != 0)
        {
            Span<byte> counter = stackalloc byte[16];
            BuildCounter(_rtcpSalt, ssrc, encryptedFlagAndIndex & ~EncryptedFlag, counter);
            _rtcpCipher.Apply(counter, packet[RtcpHeaderLength..plainLength]);
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }

    /// <summary>IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16) (RFC 3711 §4.1.1).</summary>
    private static void BuildCounter(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> counter)
    {
        counter.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(counter[4..], ssrc);
        // The 48-bit index lands in bytes 8..13: write it as a 64-bit value shifted left by 16.
        BinaryPrimitives.WriteUInt64BigEndian(counter[8..], index << 16);
        for (var i = 0; i < SaltLength; i++)
        {
            counter[i] ^= salt[i];
        }
    }

    /// <summary>Tag = HMAC-SHA1(k_a, authenticated portion || ROC) (RFC 3711 §4.2).</summary>
    private void ComputeRtpTag(ReadOnlySpan<byte> authenticatedPortion, uint rolloverCounter, Span<byte> tag)
    {
        Span<byte> rollover = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rollover, rolloverCounter);
        _rtpMac.AppendData(authenticatedPortion);
        _rtpMac.AppendData(rollover);
        _rtpMac.TryGetHashAndReset(tag, out _);
    }

    private void ComputeRtcpTag(ReadOnlySpan<byte> authenticatedPortion, Span<byte> tag)
    {
        _rtcpMac.AppendData(authenticatedPortion);
        _rtcpMac.TryGetHashAndReset(tag, out _);
    }
}
