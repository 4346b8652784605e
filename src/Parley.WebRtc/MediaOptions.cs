namespace Parley.WebRtc;

/// <summary>
/// Configuration of the media (UDP) side, bound from the <c>Media</c> configuration section.
/// </summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>The one UDP port every peer connection shares (<c>Media:UdpPort</c>). 0 picks a free port (tests).</summary>
    public int UdpPort { get; set; } = 7401;

    /// <summary>
    /// The address the UDP socket binds (<c>Media:BindAddress</c>). Empty (default): one socket per announced
    /// address, all on <see cref="UdpPort"/>, so replies leave from the address the peer sent to; if an announced
    /// address is not local (NAT), a single socket on 0.0.0.0.
    /// </summary>
    public string? BindAddress { get; set; }

    /// <summary>
    /// IPs put into ICE candidates (<c>Media:AnnouncedAddresses</c>). Empty means 127.0.0.1 plus every
    /// non-loopback IPv4 address of this machine.
    /// </summary>
    public IList<string> AnnouncedAddresses { get; } = new List<string>();

    /// <summary>
    /// SRTP protection profiles in preference order (<c>Media:SrtpProfiles</c>), e.g.
    /// <c>AEAD_AES_128_GCM,AEAD_AES_256_GCM,AES_CM_128_HMAC_SHA1_80</c>. Empty means the built-in order.
    /// </summary>
    public string SrtpProfiles { get; set; } = string.Empty;

    /// <summary>RFC 7675 consent: a peer silent this long is closed (<c>Media:ConsentTimeout</c>).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a peer has to finish ICE + DTLS after the transport is created (<c>Media:ConnectTimeout</c>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Kernel receive buffer of the shared socket in bytes (<c>Media:SocketReceiveBufferBytes</c>).</summary>
    public int SocketReceiveBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Kernel send buffer of the shared socket in bytes (<c>Media:SocketSendBufferBytes</c>).</summary>
    public int SocketSendBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Number of concurrent receive loops on the shared socket (<c>Media:ReceiveLoops</c>); 0 means one per core.
    /// </summary>
    public int ReceiveLoops { get; set; } = 1;
}
