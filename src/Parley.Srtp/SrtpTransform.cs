namespace Parley.Srtp;

/// <summary>
/// The cipher-specific half of SRTP: what a profile does to one packet once <see cref="SrtpContext"/> has parsed the
/// header and settled the packet index. Not thread-safe; the context serializes calls.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    protected SrtpTransform(SrtpProfileParameters parameters) => Parameters = parameters;

    public SrtpProfileParameters Parameters { get; }

    public int RtpTagLength => Parameters.RtpTagLength;

    public int RtcpTagLength => Parameters.RtcpTagLength;

    /// <summary>Encrypts <c>packet[headerLength..payloadEnd]</c> and appends the tag; returns the SRTP length.</summary>
    public abstract int ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index);

    /// <summary>Verifies the tag at the end of <c>packet[..length]</c> and decrypts the payload in place.</summary>
    public abstract bool TryUnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Encrypts <c>packet[8..length]</c>, appends E=1 with <paramref name="index"/> and the tag; returns the SRTCP length.</summary>
    public abstract int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>Reads the E flag and SRTCP index word; false when the packet is too short to hold the trailer.</summary>
    public abstract bool TryReadRtcpIndexWord(ReadOnlySpan<byte> packet, out uint encryptedFlagAndIndex);

    /// <summary>Verifies the tag and, when E is set, decrypts in place; the plain RTCP length is returned.</summary>
    public abstract bool TryUnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint encryptedFlagAndIndex, out int plainLength);

    public abstract void Dispose();

    public static SrtpTransform Create(SrtpProfileParameters parameters, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt) =>
        parameters.IsAead
            ? AesGcmSrtpTransform.FromMasterKey(parameters, masterKey, masterSalt)
            : new AesCmHmacSrtpTransform(parameters, masterKey, masterSalt);
}
