using Parley.Rtp;

namespace Parley.WebRtc.Echo;

/// <summary>What the echo keeps about one incoming SSRC to write its receiver-report block (RFC 3550 §6.4.1).</summary>
internal sealed class EchoStreamState
{
    public SequenceNumberUnwrapper Sequence;
    public long FirstSequence = -1;
    public long Received;
    public long ExpectedAtLastReport;
    public long ReceivedAtLastReport;

    /// <summary>Middle 32 bits of the NTP time in the last SR from this SSRC (0 = none yet).</summary>
    public uint LastSenderReport;

    /// <summary>When that SR arrived (TimeProvider timestamp).</summary>
    public long LastSenderReportArrival;
}
