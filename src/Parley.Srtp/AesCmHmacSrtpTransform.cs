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
    private const int RtcpHeaderLength = 8;
    private const uint EncryptedFlag = 0x8000_0000;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly HmacSha1Authenticator _rtpMac;
    private readonly HmacSha1Authenticator _rtcpMac;

    // The 112-bit session salts as the high (bytes 0..7) and low (bytes 8..13, then two zero bytes) big-endian
    // halves of a counter block, so building an IV is two XORs.
    private readonly ulong _rtpSaltHigh;
    private readonly ulong _rtpSaltLow;
    private readonly ulong _rtcpSaltHigh;
    private readonly ulong _rtcpSaltLow;

    public AesCmHmacSrtpTransform(SrtpProfileParameters parameters, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
        : base(parameters)
    {
        // Session keys are derived once here (key_derivation_rate 0), never per packet.
        Span<byte> encryptionKey = stackalloc byte[parameters.MasterKeyLength];
        Span<byte> authenticationKey = stackalloc byte[SrtpProfileParameters.HmacSha1KeyLength];
        Span<byte> salt = stackalloc byte[16];
        using var prf = new AesCounterMode(masterKey);

        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, encryptionKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authenticationKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpSaltLabel, salt[..SaltLength]);
        (_rtpSaltHigh, _rtpSaltLow) = SplitSalt(salt);
        _rtpCipher = new AesCounterMode(encryptionKey);
        _rtpMac = HmacSha1Authenticator.Create(authenticationKey);

        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpEncryptionLabel, encryptionKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpAuthenticationLabel, authenticationKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpSaltLabel, salt[..SaltLength]);
        (_rtcpSaltHigh, _rtcpSaltLow) = SplitSalt(salt);
        _rtcpCipher = new AesCounterMode(encryptionKey);
        _rtcpMac = HmacSha1Authenticator.Create(authenticationKey);

        CryptographicOperations.ZeroMemory(encryptionKey);
        CryptographicOperations.ZeroMemory(authenticationKey);
        CryptographicOperations.ZeroMemory(salt);
    }

    public override int ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index)
    {
        Span<byte> counter = stackalloc byte[16];
        BuildCounter(_rtpSaltHigh, _rtpSaltLow, ssrc, index, counter);
        _rtpCipher.Apply(counter, packet[headerLength..payloadEnd]);

        // The truncated tag is written straight into its place after the payload.
        Span<byte> rollover = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rollover, (uint)(index >> 16));
        _rtpMac.ComputeTag(packet[..payloadEnd], rollover, packet.Slice(payloadEnd, RtpTagLength));
        return payloadEnd + RtpTagLength;
    }

    public override bool TryUnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        var payloadEnd = length - RtpTagLength;
        Span<byte> rollover = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rollover, (uint)(index >> 16));
        if (!_rtpMac.VerifyTag(packet[..payloadEnd], rollover, packet.Slice(payloadEnd, RtpTagLength)))
        {
            return false;
        }

        Span<byte> counter = stackalloc byte[16];
        BuildCounter(_rtpSaltHigh, _rtpSaltLow, ssrc, index, counter);
        _rtpCipher.Apply(counter, packet[headerLength..payloadEnd]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> counter = stackalloc byte[16];
        BuildCounter(_rtcpSaltHigh, _rtcpSaltLow, ssrc, index, counter);
        _rtcpCipher.Apply(counter, packet[RtcpHeaderLength..length]);

        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], EncryptedFlag | index);
        var authenticatedEnd = length + 4;
        _rtcpMac.ComputeTag(packet[..authenticatedEnd], [], packet.Slice(authenticatedEnd, RtcpTagLength));
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
        if (!_rtcpMac.VerifyTag(packet[..authenticatedEnd], [], packet.Slice(authenticatedEnd, RtcpTagLength)))
        {
            return false;
        }

        if ((encryptedFlagAndIndex & EncryptedFlag) != 0)
        {
            Span<byte> counter = stackalloc byte[16];
            BuildCounter(_rtcpSaltHigh, _rtcpSaltLow, ssrc, encryptedFlagAndIndex & ~EncryptedFlag, counter);
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
    private static void BuildCounter(ulong saltHigh, ulong saltLow, uint ssrc, ulong index, Span<byte> counter)
    {
        // SSRC occupies bytes 4..7 (the low half of the high word); the 48-bit index bytes 8..13.
        BinaryPrimitives.WriteUInt64BigEndian(counter, saltHigh ^ ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(counter[8..], saltLow ^ (index << 16));
    }

    /// <summary>Reads a salt (14 bytes, then 2 zero bytes) as the two big-endian halves of a counter block.</summary>
    private static (ulong High, ulong Low) SplitSalt(ReadOnlySpan<byte> paddedSalt) =>
        (BinaryPrimitives.ReadUInt64BigEndian(paddedSalt), BinaryPrimitives.ReadUInt64BigEndian(paddedSalt[8..]));
}
