namespace Parley.Srtp;

/// <summary>
/// SRTP protection profiles, valued with their IANA DTLS-SRTP identifiers so the number negotiated in the
/// <c>use_srtp</c> extension converts directly.
/// https://www.iana.org/assignments/srtp-protection/srtp-protection.xhtml
/// </summary>
public enum SrtpProfile : ushort
{
    /// <summary>AES-128 counter mode, HMAC-SHA1 tag of 80 bits on SRTP and SRTCP (RFC 5764 §4.1.2).</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>AES-128 counter mode, HMAC-SHA1 tag of 32 bits on SRTP, 80 bits on SRTCP (RFC 5764 §4.1.2).</summary>
    AesCm128HmacSha1_32 = 0x0002,

    /// <summary>AES-128 GCM with a 16-byte tag (RFC 7714 §14.2).</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>AES-256 GCM with a 16-byte tag (RFC 7714 §14.2).</summary>
    AeadAes256Gcm = 0x0008,
}
