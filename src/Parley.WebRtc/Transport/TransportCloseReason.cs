namespace Parley.WebRtc.Transport;

/// <summary>Why a transport closed.</summary>
public enum TransportCloseReason
{
    None = 0,

    /// <summary>The application (or the HTTP DELETE of the echo test) closed it.</summary>
    Closed = 1,

    /// <summary>RFC 7675: no authenticated packet from the peer within the consent timeout.</summary>
    ConsentExpired = 2,

    /// <summary>ICE + DTLS did not complete within the connect timeout.</summary>
    ConnectTimeout = 3,

    /// <summary>The DTLS handshake failed (bad fingerprint, no common SRTP profile, alert).</summary>
    DtlsFailed = 4,

    /// <summary>The peer sent a DTLS close_notify or fatal alert.</summary>
    PeerClosed = 5,

    /// <summary>The shared UDP server shut down.</summary>
    ServerStopped = 6,
}
