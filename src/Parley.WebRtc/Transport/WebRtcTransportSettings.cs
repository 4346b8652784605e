using Parley.Dtls;
using Parley.Srtp;

namespace Parley.WebRtc.Transport;

/// <summary>Per-transport choices the signaling layer makes from the remote offer.</summary>
public sealed class WebRtcTransportSettings
{
    /// <summary>The remote ICE ufrag from the offer; when set, checks whose USERNAME names another sender are rejected.</summary>
    public string? RemoteUsernameFragment { get; init; }

    /// <summary>
    /// The remote certificate fingerprint from the peer's SDP (<c>a=fingerprint</c>); DTLS fails unless the peer's
    /// certificate matches it. Null when the server offers first and the fingerprint comes with the answer: then
    /// call <see cref="WebRtcTransport.SetRemoteFingerprint"/> before the handshake completes, or it fails.
    /// </summary>
    public DtlsFingerprint? RemoteFingerprint { get; init; }

    /// <summary>SRTP profile preference for this transport; null uses the server's <c>Media:SrtpProfiles</c>.</summary>
    public IReadOnlyList<SrtpProfile>? SrtpProfiles { get; init; }
}
