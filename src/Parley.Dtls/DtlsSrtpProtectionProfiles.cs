namespace Parley.Dtls;

/// <summary>
/// The SRTP protection profile ids we negotiate in <c>use_srtp</c> (RFC 5764 §4.1.2, RFC 7714 §14.2) and the
/// exporter length each needs. Mirrors Parley.Srtp's profile enum without depending on it.
/// </summary>
public static class DtlsSrtpProtectionProfiles
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80.</summary>
    public const int AesCm128HmacSha1_80 = 0x0001;

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32.</summary>
    public const int AesCm128HmacSha1_32 = 0x0002;

    /// <summary>SRTP_AEAD_AES_128_GCM.</summary>
    public const int AeadAes128Gcm = 0x0007;

    /// <summary>SRTP_AEAD_AES_256_GCM.</summary>
    public const int AeadAes256Gcm = 0x0008;

    /// <summary>Default preference: AEAD first (cheaper per packet and what Chromium prefers), then AES-CM.</summary>
    public static IReadOnlyList<int> DefaultPreference { get; } = [AeadAes128Gcm, AeadAes256Gcm, AesCm128HmacSha1_80, AesCm128HmacSha1_32];

    /// <summary>True for the four profiles above.</summary>
    public static bool IsSupported(int profile) => KeyingMaterialLength(profile) > 0;

    /// <summary>Exporter output length for a profile: 2 * (master key + master salt); 0 when unsupported.</summary>
    public static int KeyingMaterialLength(int profile) => profile switch
    {
        AesCm128HmacSha1_80 or AesCm128HmacSha1_32 => 2 * (16 + 14),
        AeadAes128Gcm => 2 * (16 + 12),
        AeadAes256Gcm => 2 * (32 + 12),
        _ => 0,
    };
}
