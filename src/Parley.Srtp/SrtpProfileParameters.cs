namespace Parley.Srtp;

/// <summary>The fixed sizes one <see cref="SrtpProfile"/> implies (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
/// <param name="Profile">The profile described.</param>
/// <param name="MasterKeyLength">Master (and session) encryption key length in bytes.</param>
/// <param name="MasterSaltLength">Master (and session) salt length in bytes.</param>
/// <param name="RtpTagLength">Authentication tag appended to each SRTP packet, in bytes.</param>
/// <param name="RtcpTagLength">Authentication tag appended to each SRTCP packet, in bytes.</param>
/// <param name="IsAead">True for the AES-GCM profiles, whose tag comes from the cipher itself.</param>
public sealed record SrtpProfileParameters(
    SrtpProfile Profile,
    int MasterKeyLength,
    int MasterSaltLength,
    int RtpTagLength,
    int RtcpTagLength,
    bool IsAead)
{
    /// <summary>Length of the HMAC-SHA1 session authentication key (RFC 3711 §8.2: n_a = 160 bits).</summary>
    public const int HmacSha1KeyLength = 20;

    private static readonly SrtpProfileParameters AesCm80 = new(SrtpProfile.AesCm128HmacSha1_80, 16, 14, 10, 10, false);
    private static readonly SrtpProfileParameters AesCm32 = new(SrtpProfile.AesCm128HmacSha1_32, 16, 14, 4, 10, false);
    private static readonly SrtpProfileParameters Gcm128 = new(SrtpProfile.AeadAes128Gcm, 16, 12, 16, 16, true);
    private static readonly SrtpProfileParameters Gcm256 = new(SrtpProfile.AeadAes256Gcm, 32, 12, 16, 16, true);

    /// <summary>Bytes SRTP adds to an RTP packet.</summary>
    public int RtpOverhead => RtpTagLength;

    /// <summary>Bytes SRTCP adds to an RTCP packet: the tag plus the 4-byte E flag and SRTCP index.</summary>
    public int RtcpOverhead => RtcpTagLength + 4;

    /// <summary>Length of one side's keying material in the DTLS exporter output: key plus salt.</summary>
    public int KeyingMaterialLengthPerSide => MasterKeyLength + MasterSaltLength;

    /// <summary>Parameters of a supported profile.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The profile is not one Parley implements.</exception>
    public static SrtpProfileParameters For(SrtpProfile profile) => TryGet(profile, out var parameters)
        ? parameters
        : throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");

    /// <summary>Parameters of a profile, or false when the id (e.g. from the wire) is not supported.</summary>
    public static bool TryGet(SrtpProfile profile, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SrtpProfileParameters? parameters)
    {
        parameters = profile switch
        {
            SrtpProfile.AesCm128HmacSha1_80 => AesCm80,
            SrtpProfile.AesCm128HmacSha1_32 => AesCm32,
            SrtpProfile.AeadAes128Gcm => Gcm128,
            SrtpProfile.AeadAes256Gcm => Gcm256,
            _ => null,
        };
        return parameters is not null;
    }
}
