namespace Parley.WebRtc.Client;

/// <summary>
/// Receives one decrypted RTP or RTCP packet on the client. The span points into the receive loop's buffer and
/// is valid only during the call. Runs on the receive loop — do not block.
/// </summary>
public delegate void ClientPacketHandler(ReadOnlySpan<byte> packet);
