namespace Parley.WebRtc.Transport;

/// <summary>Life cycle of a <see cref="WebRtcTransport"/>; it only moves forward.</summary>
public enum WebRtcTransportState
{
    /// <summary>Created, waiting for the first valid ICE connectivity check.</summary>
    New = 0,

    /// <summary>ICE found the peer's address; the DTLS handshake is running.</summary>
    Connecting = 1,

    /// <summary>DTLS finished and SRTP keys are installed: media flows.</summary>
    Connected = 2,

    /// <summary>Closed by the application, the peer (DTLS close_notify), consent expiry or a failed handshake.</summary>
    Closed = 3,
}
