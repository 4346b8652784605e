namespace Parley.Load.Room;

/// <summary>Takes one RTP packet from the pacer (the callee copies it before returning); false when it was not sent.</summary>
public delegate bool RtpSink(ReadOnlySpan<byte> rtpPacket);
