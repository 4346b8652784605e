using Parley.WebRtc.Io;

namespace Parley.WebRtc.Transport;

/// <summary>Thread-safe counters of a transport; incremented from the receive loops and senders.</summary>
internal sealed class TransportCounters : ISendFailureCounter
{
    private static readonly DropReason[] Reasons = Enum.GetValues<DropReason>();

    private readonly long[] _drops = new long[Reasons.Length];
    private long _rtpPacketsIn;
    private long _rtpBytesIn;
    private long _rtcpPacketsIn;
    private long _rtpPacketsOut;
    private long _rtpBytesOut;
    private long _rtcpPacketsOut;
    private long _stunRequests;

    public void RtpIn(int bytes)
    {
        Interlocked.Increment(ref _rtpPacketsIn);
        Interlocked.Add(ref _rtpBytesIn, bytes);
    }

    public void RtcpIn() => Interlocked.Increment(ref _rtcpPacketsIn);

    public void RtpOut(int bytes)
    {
        Interlocked.Increment(ref _rtpPacketsOut);
        Interlocked.Add(ref _rtpBytesOut, bytes);
    }

    public void RtcpOut() => Interlocked.Increment(ref _rtcpPacketsOut);

    public void StunRequest() => Interlocked.Increment(ref _stunRequests);

    public void CountSendFailure() => Drop(DropReason.SendFailed);

    public void Drop(DropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    public long DropCount(DropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    /// <summary>Adds these counters to <paramref name="totals"/> (read once each; the owner of the totals locks).</summary>
    public void AddTo(TransportTotals totals)
    {
        for (int i = 0; i < _drops.Length; i++)
        {
            totals.Drops[i] += Interlocked.Read(ref _drops[i]);
        }

        totals.RtpPacketsIn += Interlocked.Read(ref _rtpPacketsIn);
        totals.RtpBytesIn += Interlocked.Read(ref _rtpBytesIn);
        totals.RtcpPacketsIn += Interlocked.Read(ref _rtcpPacketsIn);
        totals.RtpPacketsOut += Interlocked.Read(ref _rtpPacketsOut);
        totals.RtpBytesOut += Interlocked.Read(ref _rtpBytesOut);
        totals.RtcpPacketsOut += Interlocked.Read(ref _rtcpPacketsOut);
        totals.StunRequests += Interlocked.Read(ref _stunRequests);
    }

    public WebRtcTransportStats Snapshot(string id, WebRtcTransportState state, string? profile, string? remote, double? rttMs, TransportCloseReason closeReason)
    {
        var drops = new Dictionary<string, long>(Reasons.Length);
        long total = 0;
        foreach (var reason in Reasons)
        {
            long count = Interlocked.Read(ref _drops[(int)reason]);
            drops[reason.ToString()] = count;
            total += count;
        }

        return new WebRtcTransportStats
        {
            TransportId = id,
            State = state,
            SrtpProfile = profile,
            RemoteAddress = remote,
            RtpPacketsIn = Interlocked.Read(ref _rtpPacketsIn),
            RtpBytesIn = Interlocked.Read(ref _rtpBytesIn),
            RtcpPacketsIn = Interlocked.Read(ref _rtcpPacketsIn),
            RtpPacketsOut = Interlocked.Read(ref _rtpPacketsOut),
            RtpBytesOut = Interlocked.Read(ref _rtpBytesOut),
            RtcpPacketsOut = Interlocked.Read(ref _rtcpPacketsOut),
            StunRequests = Interlocked.Read(ref _stunRequests),
            PacketsDropped = total,
            Drops = drops,
            RoundTripTimeMs = rttMs,
            CloseReason = closeReason,
        };
    }
}
