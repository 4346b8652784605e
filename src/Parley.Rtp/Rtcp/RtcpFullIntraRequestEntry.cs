namespace Parley.Rtp.Rtcp;

/// <summary>One FIR entry: the stream asked for a key frame and the request's command sequence number.</summary>
/// <param name="SequenceNumber">Incremented by the requester for each new request, so retransmitted FIRs are recognised.</param>
public readonly record struct RtcpFullIntraRequestEntry(uint Ssrc, byte SequenceNumber);
