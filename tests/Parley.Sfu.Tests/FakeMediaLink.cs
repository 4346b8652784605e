namespace Parley.Sfu.Tests;

/// <summary>
/// An <see cref="IMediaLink"/> that records (copies) what the SFU sends, or only counts it; <paramref name="recordRtcp"/>
/// keeps the (rare) RTCP even when RTP is only counted.
/// </summary>
internal sealed class FakeMediaLink(bool record = true, bool recordRtcp = false) : IMediaLink
{
    public List<byte[]> Rtp { get; } = [];

    public List<byte[]> Rtcp { get; } = [];

    public long RtpCount { get; private set; }

    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        RtpCount++;
        if (record)
        {
            Rtp.Add(packet.ToArray());
        }

        return true;
    }

    public bool SendRtcp(ReadOnlySpan<byte> packet)
    {
        if (record || recordRtcp)
        {
            Rtcp.Add(packet.ToArray());
        }

        return true;
    }
}
