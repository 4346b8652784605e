using Parley.Rtp;
using Parley.Rtp.Rtcp;

namespace Parley.Sfu.Bwe;

/// <summary>
/// The receiving side of transport-wide congestion control on a publisher's send transport
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01): records the arrival time of every transport-wide sequence
/// number and turns them into feedback packets (base sequence number, status chunks, 250 µs receive deltas,
/// feedback packet count) so the browser's own congestion control works. Feedback is due every
/// <see cref="FeedbackInterval"/> (default 50 ms) or as soon as a packet's worth of arrivals is waiting.
/// <para>One feedback packet describes at most <see cref="MaxStatusesPerFeedback"/> sequence numbers and stays
/// within about 1,000 bytes; a receive delta that does not fit 16 bits ends the packet, so the next one starts a
/// new reference time. Late arrivals of sequence numbers already reported (as lost) are ignored.</para>
/// <para>Threading: not thread-safe. The transport calls <see cref="OnPacket"/> on the receive loop and
/// <see cref="WriteFeedback"/> from its timer, under its RTCP lock. Storage is allocated once; nothing allocates
/// afterwards.</para>
/// </summary>
public sealed class TransportCcRecorder
{
    /// <summary>Sequence numbers one feedback packet describes at most (the rest go in the next one).</summary>
    public const int MaxStatusesPerFeedback = 2048;

    /// <summary>Bytes a feedback packet aims to stay under (chunks and deltas, estimated conservatively).</summary>
    public const int FeedbackBudgetBytes = 1000;

    private const int HistorySize = 4096; // power of two; arrivals further ahead of the report window push it on
    private const long NotReceived = long.MinValue;
    private const long ReferenceTimeUnitMicroseconds = 64_000;
    private const long DeltaTickMicroseconds = 250;
    private const int DueAfterPackets = 200;
    private const int TransportFeedbackChunkRunLength = 0x1FFF;

    private readonly TimeProvider _timeProvider;
    private readonly long[] _arrivalMicroseconds = new long[HistorySize]; // by extended seq mod HistorySize
    private readonly TransportFeedbackPacket[] _scratch = new TransportFeedbackPacket[MaxStatusesPerFeedback];

    private SequenceNumberUnwrapper _unwrapper;
    private bool _started;
    private long _origin;        // TimeProvider timestamp of the first arrival: our microsecond clock starts there
    private long _nextToReport;  // extended seq of the first sequence number not yet reported
    private long _highest;       // extended seq of the newest arrival
    private long _lastFeedbackAt;
    private byte _feedbackCount;

    /// <param name="timeProvider">The clock whose timestamps are passed in.</param>
    /// <param name="feedbackInterval">How often feedback is due while packets arrive (default 50 ms).</param>
    public TransportCcRecorder(TimeProvider timeProvider, TimeSpan? feedbackInterval = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        FeedbackInterval = feedbackInterval ?? TimeSpan.FromMilliseconds(50);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FeedbackInterval, TimeSpan.Zero, nameof(feedbackInterval));
        Array.Fill(_arrivalMicroseconds, NotReceived);
    }

    public TimeSpan FeedbackInterval { get; }

    /// <summary>True when arrivals wait to be reported.</summary>
    public bool HasUnreported => _started && _highest >= _nextToReport;

    /// <summary>Arrivals of sequence numbers already reported, or too old to keep, since creation.</summary>
    public long LateArrivals { get; private set; }

    /// <summary>Records that transport-wide sequence number <paramref name="sequenceNumber"/> arrived at <paramref name="arrivalTimestamp"/>.</summary>
    public void OnPacket(ushort sequenceNumber, long arrivalTimestamp)
    {
        var extended = _unwrapper.Unwrap(sequenceNumber);
        if (!_started)
        {
            _started = true;
            _origin = arrivalTimestamp;
            _nextToReport = extended;
            _highest = extended;
            _lastFeedbackAt = arrivalTimestamp;
        }

        if (extended < _nextToReport)
        {
            LateArrivals++;
            return;
        }

        if (extended - _nextToReport >= HistorySize)
        {
            // Far ahead of what is still unreported: the oldest arrivals fall out of the history unreported.
            var newStart = extended - HistorySize + 1;
            for (var s = _nextToReport; s < Math.Min(newStart, _highest + 1); s++)
            {
                _arrivalMicroseconds[s & (HistorySize - 1)] = NotReceived;
            }

            _nextToReport = newStart;
        }

        _arrivalMicroseconds[extended & (HistorySize - 1)] = Math.Max(0, (long)_timeProvider.GetElapsedTime(_origin, arrivalTimestamp).TotalMicroseconds);
        if (extended > _highest)
        {
            _highest = extended;
        }
    }

    /// <summary>True when feedback should be sent at <paramref name="now"/>: arrivals wait and the interval passed or many wait.</summary>
    public bool IsFeedbackDue(long now) =>
        HasUnreported
        && (_highest - _nextToReport + 1 >= DueAfterPackets || _timeProvider.GetElapsedTime(_lastFeedbackAt, now) >= FeedbackInterval);

    /// <summary>
    /// Writes one transport-cc feedback packet for the oldest unreported sequence numbers into
    /// <paramref name="destination"/> (1,200 bytes always suffice) and marks them reported; returns the bytes
    /// written, 0 when nothing waits. Call again while <see cref="HasUnreported"/> to drain a backlog.
    /// </summary>
    public int WriteFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc, long now)
    {
        if (!HasUnreported)
        {
            return 0;
        }

        // The first received packet anchors the reference time (64 ms units); every later delta is relative to
        // the previous received packet as the receiver will reconstruct it.
        var count = 0;
        var budget = FeedbackBudgetBytes * 7; // in sevenths of a byte: a short-run status costs 2/7 byte
        var run = 0;
        var runStatus = TransportFeedbackStatus.NotReceived;
        var referenceTime = 0L;
        var cursor = 0L; // microseconds: reference time plus the quantized deltas so far, so errors do not add up
        var anchored = false;

        for (var extended = _nextToReport; extended <= _highest && count < MaxStatusesPerFeedback; extended++)
        {
            var arrival = _arrivalMicroseconds[extended & (HistorySize - 1)];
            TransportFeedbackPacket packet;
            int cost;
            if (arrival == NotReceived)
            {
                packet = TransportFeedbackPacket.Lost((ushort)extended);
                cost = 0;
            }
            else
            {
                if (!anchored)
                {
                    anchored = true;
                    referenceTime = arrival / ReferenceTimeUnitMicroseconds;
                    cursor = referenceTime * ReferenceTimeUnitMicroseconds;
                }

                var ticks = (long)Math.Round((double)(arrival - cursor) / DeltaTickMicroseconds);
                if (ticks is < short.MinValue or > short.MaxValue)
                {
                    break; // a new feedback packet starts here with its own reference time
                }

                packet = TransportFeedbackPacket.Received((ushort)extended, (int)ticks);
                cost = packet.Status == TransportFeedbackStatus.ReceivedSmallDelta ? 7 : 14;
                cursor += ticks * DeltaTickMicroseconds;
            }

            run = packet.Status == runStatus ? run + 1 : 1;
            runStatus = packet.Status;
            cost += run < 14 ? 2 : (run % TransportFeedbackChunkRunLength == 0 ? 14 : 0);
            if (budget - cost < 0)
            {
                break;
            }

            budget -= cost;
            _scratch[count++] = packet;
        }

        if (count == 0)
        {
            return 0;
        }

        if (!anchored)
        {
            // Only losses (the tail of a gap wider than one feedback): no delta needs a reference, any will do.
            referenceTime = (long)_timeProvider.GetElapsedTime(_origin, now).TotalMicroseconds / ReferenceTimeUnitMicroseconds;
        }

        var signedReference = (int)(((referenceTime & 0xFFFFFF) << 40) >> 40); // the 24-bit field, as a signed value
        var length = RtcpTransportFeedback.Write(
            destination,
            senderSsrc,
            mediaSsrc,
            (ushort)_nextToReport,
            signedReference,
            _feedbackCount++,
            _scratch.AsSpan(0, count));

        for (var i = 0; i < count; i++)
        {
            _arrivalMicroseconds[(_nextToReport + i) & (HistorySize - 1)] = NotReceived;
        }

        _nextToReport += count;
        _lastFeedbackAt = now;
        return length;
    }
}
