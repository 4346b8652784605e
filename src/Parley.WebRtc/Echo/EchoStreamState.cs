using Parley.Rtp.Rtcp;

namespace Parley.WebRtc.Echo;

/// <summary>
/// What the echo keeps about one incoming SSRC to write its receiver-report block (RFC 3550 §6.4.1): sequence
/// bookkeeping as in Appendix A.1, loss as in A.3 and interarrival jitter as in A.8. Not thread-safe: the owner
/// (<see cref="EchoReceptionStats"/>) serialises calls.
/// </summary>
internal sealed class EchoStreamState
{
    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1 — the RFC's suggested limits.
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulo = 1 << 16;

    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private int _badSequence = SequenceModulo + 1; // "no bad sequence seen": no ushort equals it
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;

    private int _transitClockRate; // clock rate of the previous jitter sample, 0 = no previous sample
    private long _previousArrival; // TimeProvider timestamp of the previous sample
    private uint _previousRtpTimestamp;
    private double _jitter; // in RTP timestamp units, as A.8's floating-point form

    private uint _lastSenderReport; // middle 32 bits of the NTP time in the last SR from this SSRC, 0 = none yet
    private long _lastSenderReportArrival; // TimeProvider timestamp of that SR's arrival

    /// <summary>True once an RTP packet was counted: only then does the stream get a report block.</summary>
    public bool HasReceived { get; private set; }

    /// <summary>
    /// Counts one RTP packet arriving at <paramref name="arrival"/> (a <see cref="TimeProvider"/> timestamp with
    /// <paramref name="timestampFrequency"/> ticks per second) and updates the jitter estimate when
    /// <paramref name="clockRate"/> is known (&gt; 0). A packet A.1 sets aside as a possible sender restart (a large
    /// jump that the next packet has not yet confirmed) is not counted.
    /// </summary>
    public void OnPacket(ushort sequence, uint rtpTimestamp, int clockRate, long arrival, long timestampFrequency)
    {
        if (!HasReceived)
        {
            HasReceived = true;
            Restart(sequence);
        }
        else if (!UpdateSequence(sequence))
        {
            return;
        }

        _received++;
        UpdateJitter(rtpTimestamp, clockRate, arrival, timestampFrequency);
    }

    public void OnSenderReport(uint middleNtpBits, long arrival)
    {
        _lastSenderReport = middleNtpBits;
        _lastSenderReportArrival = arrival;
    }

    /// <summary>
    /// The report block for this stream as of <paramref name="now"/>, and the start of the next reporting interval
    /// (fraction lost covers the packets since the previous call).
    /// </summary>
    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.3
    public RtcpReportBlock TakeReportBlock(uint ssrc, long now, TimeProvider time)
    {
        uint extendedMax = _cycles + _maxSequence;
        long expected = (long)extendedMax - _baseSequence + 1;

        // Cumulative lost is a signed 24-bit field: duplicates can make it negative; clamp, do not wrap.
        long lost = Math.Clamp(expected - _received, -0x800000, 0x7FFFFF);

        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        _expectedPrior = expected;
        _receivedPrior = _received;

        // Fraction lost is an 8-bit fixed-point fraction of this interval; duplicates (negative loss) report 0.
        byte fraction = expectedInterval == 0 || lostInterval <= 0
            ? (byte)0
            : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);

        // DLSR, in 1/65536 s since that SR arrived; 0 while no SR came (RFC 3550 §6.4.1).
        uint delay = 0;
        if (_lastSenderReport != 0)
        {
            delay = (uint)Math.Min(uint.MaxValue, time.GetElapsedTime(_lastSenderReportArrival, now).TotalSeconds * 65536);
        }

        return new RtcpReportBlock(
            ssrc,
            fraction,
            (int)lost,
            extendedMax,
            (uint)_jitter, // the RFC's A.8 reports the estimate truncated to an integer
            _lastSenderReport,
            delay);
    }

    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1 — update_seq without the probation of new sources: SRTP
    // authentication has already proven the packet comes from the peer we keyed with.
    private bool UpdateSequence(ushort sequence)
    {
        ushort delta = (ushort)(sequence - _maxSequence);
        if (delta < MaxDropout)
        {
            // In order, with a permissible gap; wrapping below the old maximum starts a new cycle.
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulo;
            }

            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            if (sequence != _badSequence)
            {
                // A very large jump: remember it, and only believe it if the next packet follows on.
                _badSequence = (sequence + 1) & (SequenceModulo - 1);
                return false;
            }

            // Two sequential packets after a jump: the sender restarted, so the statistics do too.
            Restart(sequence);
        }

        // else: a duplicate or a packet reordered by less than MaxMisorder, counted without moving the maximum.
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
        _receivedPrior = 0;
        _expectedPrior = 0;

        // A restarted sender also restarts its RTP timestamps: a transit difference across the restart means nothing.
        _transitClockRate = 0;
    }

    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.8 — D(i-1,i) = (R_i − R_(i-1)) − (S_i − S_(i-1)) in RTP units,
    // J += (|D| − J) / 16. Only differences of transit times matter, so the arrival clock needs no common origin.
    private void UpdateJitter(uint rtpTimestamp, int clockRate, long arrival, long timestampFrequency)
    {
        if (clockRate <= 0)
        {
            return; // payload type not negotiated: arrival cannot be expressed in its RTP units
        }

        if (_transitClockRate == clockRate)
        {
            double arrivalDelta = (double)(arrival - _previousArrival) * clockRate / timestampFrequency;

            // The signed 32-bit difference survives the timestamp wrapping around 2^32.
            int timestampDelta = unchecked((int)(rtpTimestamp - _previousRtpTimestamp));
            double difference = Math.Abs(arrivalDelta - timestampDelta);
            _jitter += (difference - _jitter) / 16;
        }

        // A payload type with another clock rate on the same SSRC starts a new baseline rather than mixing units.
        _transitClockRate = clockRate;
        _previousArrival = arrival;
        _previousRtpTimestamp = rtpTimestamp;
    }
}
