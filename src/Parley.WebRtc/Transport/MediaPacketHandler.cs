namespace Parley.WebRtc.Transport;

/// <summary>
/// Receives one decrypted RTP or RTCP packet. The span points into the receive loop's buffer and is valid only
/// during the call: copy what must outlive it. Runs on the receive loop — do not block.
/// </summary>
public delegate void MediaPacketHandler(WebRtcTransport transport, ReadOnlySpan<byte> packet);
