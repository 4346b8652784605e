using Parley.Srtp;

namespace Parley.Dtls;

/// <summary>
/// DTLS-SRTP settings of one endpoint. Not bound from configuration: the media layer fills them per transport (the
/// handshake deadline from <c>Media:ConnectTimeout</c>, the profiles from <c>Media:SrtpProfiles</c>).
/// </summary>
public sealed class DtlsOptions
{
    /// <summary>Whole-handshake deadline; Chromium gives up after about 30 s, we fail faster by default.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest datagram we send. Kept at 1,200 so a flight fits the common tunnel/VPN MTU without IP fragmentation;
    /// BouncyCastle fragments handshake messages to fit.
    /// </summary>
    public int MaxDatagramSize { get; set; } = 1200;

    /// <summary>SRTP profiles we offer (client) or accept (server), most preferred first.</summary>
    public IList<SrtpProfile> SrtpProfiles { get; set; } = [.. SrtpProfileNames.DefaultOrder];

    /// <summary>Incoming datagrams buffered while the handshake thread is busy; extra ones are dropped (and retransmitted by the peer).</summary>
    public int ReceiveQueueCapacity { get; set; } = 64;
}
