namespace Parley.Sfu;

/// <summary>
/// The network under a <see cref="Transport"/>: a WebRTC transport (which encrypts) or a test fake. Packets are
/// plaintext RTP/RTCP; the span belongs to the caller and is only read during the call (the link copies it).
/// </summary>
public interface IMediaLink
{
    /// <summary>Sends one RTP packet; false when the link dropped it (not connected, queue full).</summary>
    bool SendRtp(ReadOnlySpan<byte> packet);

    /// <summary>Sends one (compound) RTCP packet; false when the link dropped it.</summary>
    bool SendRtcp(ReadOnlySpan<byte> packet);
}
