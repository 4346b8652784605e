namespace Parley.WebRtc.Transport;

/// <summary>Why a datagram was dropped; counted per transport (and per server for packets with no transport).</summary>
public enum DropReason
{
    /// <summary>First byte outside the STUN/DTLS/RTP ranges of RFC 7983, or too short to classify.</summary>
    UnknownKind = 0,

    /// <summary>A STUN message that did not parse, failed FINGERPRINT or MESSAGE-INTEGRITY, or named an unknown ufrag.</summary>
    BadStun = 1,

    /// <summary>DTLS/RTP from an address no ICE check has validated.</summary>
    UnknownPeer = 2,

    /// <summary>RTP/RTCP before SRTP keys exist (DTLS not finished).</summary>
    NotConnected = 3,

    /// <summary>SRTP/SRTCP authentication failed, replayed, or malformed.</summary>
    SrtpUnprotectFailed = 4,

    /// <summary>The packet could not be encrypted or sent (no peer address, buffer too small, socket error).</summary>
    SendFailed = 5,

    /// <summary>The packet raced the transport's close: its SRTP keys were already disposed.</summary>
    TransportClosed = 6,

    /// <summary>
    /// A valid ICE check to a transport whose peer fingerprint is not known yet (a server-offered transport waiting for
    /// the answer): not answered, so the peer's DTLS cannot start before the certificate can be checked.
    /// </summary>
    AwaitingFingerprint = 7,
}
