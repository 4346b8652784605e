namespace Parley.Client.Media;

/// <summary>Takes one plaintext RTP packet (valid only during the call) and sends it; false when it could not.</summary>
public delegate bool RtpPacketSink(ReadOnlySpan<byte> packet);
