using Parley.Rtp.Rtcp;

namespace Parley.Sfu.Rtcp;

/// <summary>
/// Reception bookkeeping for one incoming RTP stream (one SSRC of a producer): RFC 3550 A.1 sequence validation
/// (probation of a new source, wrap-around, large jumps that restart the statistics), A.3 expected/lost counts and
/// fraction lost, A.8 interarrival jitter in the stream's clock rate, and the last sender report received, so
/// that <see cref="CreateReportBlock"/> gives a complete RR report block (LSR/DLSR included).
/// <para>Threading: not thread-safe. The producer stream calls <see cref="OnPacket(ushort, uint, int, long)"/> on
/// the media port's receive loop and <see cref="CreateReportBlock"/> from the router timer, both under the
/// stream's lock. <see cref="OnPacket(ushort, uint, int, long)"/> allocates nothing.</para>
/// </summary>
public sealed class ReceiveStatistics
{
    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1 — the RFC's suggested limits.
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulo = 1 << 16;

    private readonly TimeProvider _timeProvider;
    private readonly int _minSequential;

    private bool _started;
    private int _probation;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private int _badSequence = SequenceModulo + 1; // no ushort equals it: "no suspicious jump pending"
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _bytesReceived;

    private bool _hasTransit;
    private long _previousArrival;
    private uint _previousRtpTimestamp;
    private double _jitter; // RTP timestamp units; A.8's floating-point form

    private uint _lastSenderReport; // middle 32 bits of the NTP time of the last SR; 0 = none yet
    private long _lastSenderReportArrival;

    /// <param name="ssrc">The stream's SSRC (written into the report block).</param>
    /// <param name="clockRate">The RTP clock rate of the stream's codec (e.g. 48000, 90000); jitter is in these units.</param>
    /// <param name="timeProvider">The clock whose <see cref="TimeProvider.GetTimestamp"/> values are passed as arrival times.</param>
    /// <param name="minSequential">
    /// RFC 3550 A.1 MIN_SEQUENTIAL: how many sequential packets a new source needs before it counts (default 2, as
    /// the RFC suggests; 1 counts from the first packet). Probation affects the statistics only.
    /// </param>
    public ReceiveStatistics(uint ssrc, int clockRate, TimeProvider timeProvider, int minSequential = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minSequential);
        Ssrc = ssrc;
        ClockRate = clockRate;
        _timeProvider = timeProvider;
        _minSequential = minSequential;
    }

    public uint Ssrc { get; }

    public int ClockRate { get; }

    /// <summary>True once a packet passed probation; only then does the stream deserve a report block.</summary>
    public bool IsValid => _started && _probation == 0;

    /// <summary>Packets counted since the (last) start of the stream, duplicates included (RFC 3550 A.3).</summary>
    public long PacketsReceived => _received;

    /// <summary>Bytes of the packets counted (as passed to <c>OnPacket</c>).</summary>
    public long BytesReceived => _bytesReceived;

    /// <summary>Cycles × 65536 + the highest sequence number seen.</summary>
    public uint ExtendedHighestSequenceNumber => _cycles + _maxSequence;

    /// <summary>Packets expected from the first to the highest sequence number seen.</summary>
    public long PacketsExpected => IsValid ? (long)ExtendedHighestSequenceNumber - _baseSequence + 1 : 0;

    /// <summary>Expected minus received, not clamped (negative when duplicates outnumber losses).</summary>
    public long CumulativeLost => PacketsExpected - _received;

    /// <summary>Interarrival jitter in RTP timestamp units (RFC 3550 A.8).</summary>
    public double Jitter => _jitter;

    /// <summary>Interarrival jitter as a duration.</summary>
    public TimeSpan JitterTime => TimeSpan.FromSeconds(_jitter / ClockRate);

    /// <summary>The fraction lost (0..255 = 0..~1) of the last report block created; 0 before the first.</summary>
    public byte LastFractionLost { get; private set; }

    /// <summary>Packets expected in the interval the last report block covered (never negative).</summary>
    public long LastIntervalExpected { get; private set; }

    /// <summary>Packets lost in the interval the last report block covered (duplicates can make the raw count negative: 0 then).</summary>
    public long LastIntervalLost { get; private set; }

    /// <summary>Counts one packet arriving now (by the constructor's <see cref="TimeProvider"/>).</summary>
    public bool OnPacket(ushort sequenceNumber, uint rtpTimestamp, int length) =>
        OnPacket(sequenceNumber, rtpTimestamp, length, _timeProvider.GetTimestamp());

    /// <summary>
    /// Counts one RTP packet of <paramref name="length"/> bytes that arrived at <paramref name="arrivalTimestamp"/>
    /// (a <see cref="TimeProvider.GetTimestamp"/> value). Returns false when A.1 does not count it: while the
    /// source is on probation, or for a large jump not (yet) confirmed by the packet after it. Callers forward the
    /// packet either way; the return only says whether the statistics took it.
    /// </summary>
    public bool OnPacket(ushort sequenceNumber, uint rtpTimestamp, int length, long arrivalTimestamp)
    {
        if (!_started)
        {
            // A.1: a new source starts on probation with max_seq one below its first packet.
            _started = true;
            Restart(sequenceNumber);
            _maxSequence = (ushort)(sequenceNumber - 1);
            _probation = _minSequential;
        }

        if (!UpdateSequence(sequenceNumber, out var advanced))
        {
            return false;
        }

        _received++;
        _bytesReceived += length;
        if (advanced)
        {
            UpdateJitter(rtpTimestamp, arrivalTimestamp);
        }

        return true;
    }

    /// <summary>
    /// Remembers a sender report of this SSRC: the middle 32 bits of <paramref name="ntpTimestamp"/> become the LSR
    /// of our next report block, and the DLSR counts from <paramref name="arrivalTimestamp"/>.
    /// </summary>
    public void OnSenderReport(ulong ntpTimestamp, long arrivalTimestamp)
    {
        _lastSenderReport = (uint)(ntpTimestamp >> 16);
        _lastSenderReportArrival = arrivalTimestamp;
    }

    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.3 and §6.4.1
    /// <summary>
    /// The RR report block as of <paramref name="nowTimestamp"/>; starts the next reporting interval, so the
    /// fraction lost covers the packets since the previous call. Cumulative lost is clamped to the signed 24-bit
    /// field; DLSR is 0 while no SR arrived.
    /// </summary>
    public RtcpReportBlock CreateReportBlock(long nowTimestamp)
    {
        var expected = PacketsExpected;
        var lost = Math.Clamp(expected - _received, -0x800000, 0x7FFFFF);

        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        var lostInterval = expectedInterval - receivedInterval;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var fraction = expectedInterval == 0 || lostInterval <= 0
            ? (byte)0
            : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        LastFractionLost = fraction;
        LastIntervalExpected = Math.Max(0, expectedInterval);
        LastIntervalLost = Math.Max(0, lostInterval);

        uint delay = 0;
        if (_lastSenderReport != 0)
        {
            var seconds = _timeProvider.GetElapsedTime(_lastSenderReportArrival, nowTimestamp).TotalSeconds;
            delay = (uint)Math.Clamp(seconds * 65536, 0, uint.MaxValue);
        }

        return new RtcpReportBlock(
            Ssrc,
            fraction,
            (int)lost,
            ExtendedHighestSequenceNumber,
            (uint)_jitter, // A.8 reports the estimate truncated to an integer
            _lastSenderReport,
            delay);
    }

    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1 — update_seq.
    private bool UpdateSequence(ushort sequence, out bool advanced)
    {
        advanced = false;
        var delta = (ushort)(sequence - _maxSequence);
        if (_probation > 0)
        {
            if (sequence == (ushort)(_maxSequence + 1))
            {
                _probation--;
                _maxSequence = sequence;
                if (_probation == 0)
                {
                    Restart(sequence);
                    advanced = true;
                    return true;
                }
            }
            else
            {
                _probation = _minSequential - 1;
                _maxSequence = sequence;
            }

            return false;
        }

        if (delta < MaxDropout)
        {
            // In order, with a permissible gap; wrapping below the old maximum starts a new cycle.
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulo;
            }

            _maxSequence = sequence;
            advanced = delta != 0;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            if (sequence != _badSequence)
            {
                // A very large jump: believe it only if the next packet follows on from it.
                _badSequence = (sequence + 1) & (SequenceModulo - 1);
                return false;
            }

            // Two sequential packets after a jump: the sender restarted, so do the statistics.
            Restart(sequence);
            advanced = true;
        }

        // else: a duplicate or a packet reordered by less than MaxMisorder; counted, maximum unchanged.
        return true;
    }

    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1 — init_seq.
    private void Restart(ushort sequence)
    {
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _bytesReceived = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
        _hasTransit = false; // a restarted sender restarts its timestamps too
    }

    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.8 — D = (R_j − R_i) − (S_j − S_i) in RTP units,
    // J += (|D| − J) / 16. Only transit differences matter, so the arrival clock needs no common origin.
    // Sampled on packets that advance the sequence: a reordered packet's transit says nothing about the path now.
    private void UpdateJitter(uint rtpTimestamp, long arrival)
    {
        if (_hasTransit)
        {
            var arrivalDelta = (double)(arrival - _previousArrival) * ClockRate / _timeProvider.TimestampFrequency;
            var timestampDelta = unchecked((int)(rtpTimestamp - _previousRtpTimestamp)); // survives the 2^32 wrap
            _jitter += (Math.Abs(arrivalDelta - timestampDelta) - _jitter) / 16;
        }

        _hasTransit = true;
        _previousArrival = arrival;
        _previousRtpTimestamp = rtpTimestamp;
    }
}
