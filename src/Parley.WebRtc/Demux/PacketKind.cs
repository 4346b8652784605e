namespace Parley.WebRtc.Demux;

/// <summary>What a datagram arriving on the shared media port carries, decided by its first bytes (RFC 7983).</summary>
public enum PacketKind
{
    /// <summary>Empty, or a first byte in a range no WebRTC peer sends (ZRTP, TURN channel, QUIC, ...).</summary>
    Unknown = 0,
    Stun = 1,
    Dtls = 2,
    Rtp = 3,
    Rtcp = 4,
}
