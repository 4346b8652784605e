using Parley.Srtp;

namespace Parley.WebRtc.Transport;

/// <summary>
/// A running sum of transports' counters (not thread-safe: the owner locks). The port keeps one for every transport
/// that has closed, so its totals never go down when a transport goes away (Prometheus counters must not).
/// </summary>
internal sealed class TransportTotals
{
    public readonly long[] Drops = new long[Enum.GetValues<DropReason>().Length];
    public long RtpPacketsIn;
    public long RtpBytesIn;
    public long RtcpPacketsIn;
    public long RtpPacketsOut;
    public long RtpBytesOut;
    public long RtcpPacketsOut;
    public long StunRequests;
    public long SrtpMalformed;
    public long SrtpAuthenticationFailed;
    public long SrtpReplayed;
    public long SrtpTooManySsrcs;

    public void Add(TransportTotals other)
    {
        for (int i = 0; i < Drops.Length; i++)
        {
            Drops[i] += other.Drops[i];
        }

        RtpPacketsIn += other.RtpPacketsIn;
        RtpBytesIn += other.RtpBytesIn;
        RtcpPacketsIn += other.RtcpPacketsIn;
        RtpPacketsOut += other.RtpPacketsOut;
        RtpBytesOut += other.RtpBytesOut;
        RtcpPacketsOut += other.RtcpPacketsOut;
        StunRequests += other.StunRequests;
        SrtpMalformed += other.SrtpMalformed;
        SrtpAuthenticationFailed += other.SrtpAuthenticationFailed;
        SrtpReplayed += other.SrtpReplayed;
        SrtpTooManySsrcs += other.SrtpTooManySsrcs;
    }

    /// <summary>Adds the inbound SRTP context's drops by reason (the transport's SrtpUnprotectFailed, broken down).</summary>
    public void AddSrtpDrops(SrtpDropCounters drops)
    {
        SrtpMalformed += drops.Malformed;
        SrtpAuthenticationFailed += drops.AuthenticationFailed;
        SrtpReplayed += drops.Replayed;
        SrtpTooManySsrcs += drops.TooManySsrcs;
    }
}
