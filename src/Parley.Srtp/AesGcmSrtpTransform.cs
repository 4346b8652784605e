using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Srtp;

/// <summary>
/// AEAD_AES_128_GCM / AEAD_AES_256_GCM (RFC 7714 §8 for SRTP, §9 for SRTCP,
/// https://www.rfc-editor.org/rfc/rfc7714#section-8). The cipher is <see cref="AesNiGcm"/> where the CPU has AES-NI
/// and PCLMULQDQ, else the platform's <see cref="System.Security.Cryptography.AesGcm"/> (<see cref="PlatformAesGcm"/>).
/// </summary>
internal sealed class AesGcmSrtpTransform : SrtpTransform
{
    private const int SaltLength = 12;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int RtcpHeaderLength = 8;
    private const uint EncryptedFlag = 0x8000_0000;

    private readonly IAesGcmCipher _rtpCipher;
    private readonly IAesGcmCipher _rtcpCipher;

    // The 96-bit session salts as the big-endian high (bytes 0..7) and low (bytes 8..11) parts of a nonce, so
    // building a nonce is two XORs.
    private readonly ulong _rtpSaltHigh;
    private readonly uint _rtpSaltLow;
    private readonly ulong _rtcpSaltHigh;
    private readonly uint _rtcpSaltLow;

    private AesGcmSrtpTransform(
        SrtpProfileParameters parameters,
        ReadOnlySpan<byte> rtpKey,
        ReadOnlySpan<byte> rtpSalt,
        ReadOnlySpan<byte> rtcpKey,
        ReadOnlySpan<byte> rtcpSalt)
        : base(parameters)
    {
        _rtpCipher = CreateCipher(rtpKey);
        _rtcpCipher = CreateCipher(rtcpKey);
        (_rtpSaltHigh, _rtpSaltLow) = SplitSalt(rtpSalt);
        (_rtcpSaltHigh, _rtcpSaltLow) = SplitSalt(rtcpSalt);
    }

    /// <summary>Derives the session keys once (key_derivation_rate 0); nothing is re-derived per packet.</summary>
    public static AesGcmSrtpTransform FromMasterKey(SrtpProfileParameters parameters, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> rtpKey = stackalloc byte[parameters.MasterKeyLength];
        Span<byte> rtcpKey = stackalloc byte[parameters.MasterKeyLength];
        Span<byte> rtpSalt = stackalloc byte[SaltLength];
        Span<byte> rtcpSalt = stackalloc byte[SaltLength];
        using (var prf = new AesCounterMode(masterKey))
        {
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, rtpKey);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpSaltLabel, rtpSalt);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpEncryptionLabel, rtcpKey);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpSaltLabel, rtcpSalt);
        }

        var transform = new AesGcmSrtpTransform(parameters, rtpKey, rtpSalt, rtcpKey, rtcpSalt);
        CryptographicOperations.ZeroMemory(rtpKey);
        CryptographicOperations.ZeroMemory(rtcpKey);
        return transform;
    }

    /// <summary>Uses session keys as given; RFC 7714's test vectors start from session keys, not master keys.</summary>
    internal static AesGcmSrtpTransform FromSessionKeys(SrtpProfileParameters parameters, ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt) =>
        new(parameters, sessionKey, sessionSalt, sessionKey, sessionSalt);

    /// <summary>The static switch between the hardware path and the platform fallback.</summary>
    internal static IAesGcmCipher CreateCipher(ReadOnlySpan<byte> key) =>
        AesNiGcm.IsSupported ? new AesNiGcm(key) : new PlatformAesGcm(key);

    public override int ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(ssrc, index, nonce);
        var payload = packet[headerLength..payloadEnd];
        _rtpCipher.Encrypt(nonce, payload, packet[..headerLength], packet.Slice(payloadEnd, TagLength));
        return payloadEnd + TagLength;
    }

    public override bool TryUnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(ssrc, index, nonce);
        var payloadEnd = length - TagLength;
        var payload = packet[headerLength..payloadEnd];
        return _rtpCipher.TryDecrypt(nonce, payload, packet[..headerLength], packet.Slice(payloadEnd, TagLength));
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        // Layout (RFC 7714 §9.1): header(8) | ciphertext | tag(16) | E+index(4); AAD = header || E+index.
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(ssrc, index, nonce);
        Span<byte> associatedData = stackalloc byte[RtcpHeaderLength + 4];
        packet[..RtcpHeaderLength].CopyTo(associatedData);
        var indexWord = EncryptedFlag | index;
        BinaryPrimitives.WriteUInt32BigEndian(associatedData[RtcpHeaderLength..], indexWord);

        var payload = packet[RtcpHeaderLength..length];
        _rtcpCipher.Encrypt(nonce, payload, associatedData, packet.Slice(length, TagLength));
        BinaryPrimitives.WriteUInt32BigEndian(packet[(length + TagLength)..], indexWord);
        return length + TagLength + 4;
    }

    public override bool TryReadRtcpIndexWord(ReadOnlySpan<byte> packet, out uint encryptedFlagAndIndex)
    {
        if (packet.Length < RtcpHeaderLength + TagLength + 4)
        {
            encryptedFlagAndIndex = 0;
            return false;
        }

        encryptedFlagAndIndex = BinaryPrimitives.ReadUInt32BigEndian(packet[^4..]);
        return true;
    }

    public override bool TryUnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint encryptedFlagAndIndex, out int plainLength)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(ssrc, encryptedFlagAndIndex & ~EncryptedFlag, nonce);
        var tagStart = length - 4 - TagLength;
        plainLength = tagStart;
        var tag = packet.Slice(tagStart, TagLength);

        if ((encryptedFlagAndIndex & EncryptedFlag) != 0)
        {
            Span<byte> associatedData = stackalloc byte[RtcpHeaderLength + 4];
            packet[..RtcpHeaderLength].CopyTo(associatedData);
            BinaryPrimitives.WriteUInt32BigEndian(associatedData[RtcpHeaderLength..], encryptedFlagAndIndex);
            return _rtcpCipher.TryDecrypt(nonce, packet[RtcpHeaderLength..tagStart], associatedData, tag);
        }

        // E = 0 (RFC 7714 §9.3): the whole RTCP packet plus the index word is AAD and the plaintext is empty.
        // Rare (we never send it), so the contiguous AAD copy goes to a pooled buffer owned by this call.
        var aadLength = tagStart + 4;
        var rented = ArrayPool<byte>.Shared.Rent(aadLength);
        try
        {
            var associatedData = rented.AsSpan(0, aadLength);
            packet[..tagStart].CopyTo(associatedData);
            BinaryPrimitives.WriteUInt32BigEndian(associatedData[tagStart..], encryptedFlagAndIndex);
            return _rtcpCipher.TryDecrypt(nonce, [], associatedData, tag);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
    }

    /// <summary>IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (RFC 7714 §8.1).</summary>
    private void BuildRtpNonce(uint ssrc, ulong index, Span<byte> nonce)
    {
        // The 48-bit index is ROC || SEQ: its top 16 bits end the high word (bytes 6..7), its low 32 bits are
        // bytes 8..11.
        BinaryPrimitives.WriteUInt64BigEndian(nonce, _rtpSaltHigh ^ ((ulong)ssrc << 16) ^ (index >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], _rtpSaltLow ^ (uint)index);
    }

    /// <summary>IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt (RFC 7714 §9.1).</summary>
    private void BuildRtcpNonce(uint ssrc, uint index, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt64BigEndian(nonce, _rtcpSaltHigh ^ ((ulong)ssrc << 16));
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], _rtcpSaltLow ^ (index & ~EncryptedFlag));
    }

    /// <summary>Reads a 12-byte salt as the big-endian high (bytes 0..7) and low (bytes 8..11) parts of a nonce.</summary>
    private static (ulong High, uint Low) SplitSalt(ReadOnlySpan<byte> salt) =>
        (BinaryPrimitives.ReadUInt64BigEndian(salt), BinaryPrimitives.ReadUInt32BigEndian(salt[8..]));
}
