namespace Parley.Srtp;

/// <summary>
/// Both directions of one DTLS-SRTP association: <see cref="Outbound"/> protects what we send with our write keys,
/// <see cref="Inbound"/> unprotects what the peer sends with its write keys. Thread-safe like <see cref="SrtpContext"/>.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    /// <summary>Creates both contexts from split keying material.</summary>
    public SrtpSession(SrtpKeyingMaterial keys, int maxSsrcs = SrtpContext.DefaultMaxSsrcs)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Profile = keys.Profile;
        Outbound = new SrtpContext(keys.Profile, keys.LocalMasterKey.Span, keys.LocalMasterSalt.Span, maxSsrcs);
        Inbound = new SrtpContext(keys.Profile, keys.RemoteMasterKey.Span, keys.RemoteMasterSalt.Span, maxSsrcs);
    }

    /// <summary>The negotiated profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Protects outgoing RTP/RTCP.</summary>
    public SrtpContext Outbound { get; }

    /// <summary>Unprotects incoming SRTP/SRTCP.</summary>
    public SrtpContext Inbound { get; }

    /// <summary>Builds a session straight from the DTLS exporter output (<see cref="SrtpKeyingMaterial.Split"/>).</summary>
    public static SrtpSession FromKeyingMaterial(SrtpProfile profile, ReadOnlySpan<byte> exported, bool isClient) =>
        new(SrtpKeyingMaterial.Split(profile, exported, isClient));

    /// <inheritdoc cref="SrtpContext.TryProtectRtp"/>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength) =>
        Outbound.TryProtectRtp(buffer, length, out protectedLength);

    /// <inheritdoc cref="SrtpContext.TryUnprotectRtp"/>
    public bool TryUnprotectRtp(Span<byte> packet, out int plainLength) => Inbound.TryUnprotectRtp(packet, out plainLength);

    /// <inheritdoc cref="SrtpContext.TryProtectRtcp"/>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength) =>
        Outbound.TryProtectRtcp(buffer, length, out protectedLength);

    /// <inheritdoc cref="SrtpContext.TryUnprotectRtcp"/>
    public bool TryUnprotectRtcp(Span<byte> packet, out int plainLength) => Inbound.TryUnprotectRtcp(packet, out plainLength);

    /// <inheritdoc />
    public void Dispose()
    {
        Outbound.Dispose();
        Inbound.Dispose();
    }
}
