using Parley.Rtp.Rtcp;

namespace Parley.Sfu.Bwe;

/// <summary>
/// A recv transport's estimate of the bitrate it can send to its subscriber, in the manner of GCC
/// (draft-ietf-rmcat-gcc-02): transport-cc feedback is matched against <see cref="SendHistory"/> to get, per
/// feedback, the delivered (acknowledged) rate, the loss fraction and inter-group delay variation.
/// <list type="bullet">
/// <item>Delay: packets sent within 5 ms form a group; a trendline filter over the groups' delay variation detects
/// overuse (→ estimate = 0.85 × delivered rate when that is lower, at most once per max(RTT, 200 ms)) and underuse (→ hold).</item>
/// <item>Loss, over at least 20 reported packets: above 10% → estimate × (1 − loss / 2) (at most once per
/// 300 ms); 2–10% → hold; below 2% → may increase.</item>
/// <item>Otherwise the estimate grows by 8% per second (multiplicative; the layer allocator's step-up is the
/// probe).</item>
/// <item>REMB from the subscriber, when present, caps the result; <see cref="MinBitrate"/>/<see cref="MaxBitrate"/>
/// bound it. It starts at <see cref="StartBitrate"/> (default 1 Mbps; bounds 100 kbps–20 Mbps).</item>
/// </list>
/// <para>Threading: not thread-safe. The recv transport calls <see cref="OnTransportFeedback"/> and
/// <see cref="OnRemb"/> on the receive loop under its RTCP lock and reads <see cref="AvailableBitrate"/> from the
/// router timer under the same lock. Nothing allocates after construction.</para>
/// </summary>
public sealed class BandwidthEstimator
{
    private const double BurstMs = 5;
    private const double OveruseBackoff = 0.85;
    private const double IncreasePerSecond = 1.08;
    private const double HighLoss = 0.10;
    private const double LowLoss = 0.02;
    private const int MinPacketsForLoss = 20;
    private const double DeliveredWindowMs = 500;

    private readonly SendHistory _history;
    private readonly TimeProvider _timeProvider;
    private readonly TrendlineDetector _trendline = new();

    private double _estimate;
    private long _remb = long.MaxValue;
    private long _lastUpdate;
    private long _lastDecrease;
    private bool _decreased;
    private bool _updated;

    // Feedback arrival clock, unwrapped: the 24-bit reference time of successive feedbacks.
    private bool _hasReference;
    private long _lastReferenceTime;

    // Current and previous packet group for the delay gradient (send times: our clock in ms; arrivals: theirs).
    private bool _hasGroup;
    private bool _hasPreviousGroup;
    private double _groupFirstSendMs;
    private double _groupLastSendMs;
    private double _groupLastArrivalMs;
    private double _previousGroupLastSendMs;
    private double _previousGroupLastArrivalMs;

    // Loss over at least MinPacketsForLoss reported packets.
    private int _lossReceived;
    private int _lossLost;

    // Delivered rate over DeliveredWindowMs of arrivals.
    private long _deliveredBytes;
    private double _deliveredWindowStartMs = double.NaN;

    /// <param name="history">Our sent packets on this transport (the same instance the transport records into).</param>
    /// <param name="timeProvider">The clock whose timestamps are passed in and were recorded in <paramref name="history"/>.</param>
    /// <param name="startBitrate">Initial estimate, bits/s (default 1,000,000).</param>
    /// <param name="minBitrate">Lower bound, bits/s (default 100,000).</param>
    /// <param name="maxBitrate">Upper bound, bits/s (default 20,000,000).</param>
    public BandwidthEstimator(SendHistory history, TimeProvider timeProvider, long startBitrate = 1_000_000, long minBitrate = 100_000, long maxBitrate = 20_000_000)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minBitrate);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBitrate, minBitrate);
        ArgumentOutOfRangeException.ThrowIfLessThan(startBitrate, minBitrate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startBitrate, maxBitrate);
        _history = history;
        _timeProvider = timeProvider;
        StartBitrate = startBitrate;
        MinBitrate = minBitrate;
        MaxBitrate = maxBitrate;
        _estimate = startBitrate;
    }

    public long StartBitrate { get; }

    public long MinBitrate { get; }

    public long MaxBitrate { get; }

    /// <summary>The outgoing bitrate this transport may use, bits/s: the estimate capped by REMB, within the bounds.</summary>
    public long AvailableBitrate => Math.Clamp(Math.Min((long)_estimate, _remb), MinBitrate, MaxBitrate);

    /// <summary>The acknowledged (delivered) bitrate, bits/s; 0 until half a second of arrivals was reported.</summary>
    public long DeliveredBitrate { get; private set; }

    /// <summary>The loss fraction (0..1) of the last completed loss measurement.</summary>
    public double LossFraction { get; private set; }

    /// <summary>The delay detector's current verdict.</summary>
    public BandwidthUsage DelayState => _trendline.State;

    /// <summary>The subscriber's latest REMB, bits/s, or null when none came.</summary>
    public long? Remb => _remb == long.MaxValue ? null : _remb;

    /// <summary>A REMB from the subscriber: caps the available bitrate from now on.</summary>
    public void OnRemb(long bitsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitsPerSecond);
        _remb = bitsPerSecond;
    }

    /// <summary>
    /// Learns one transport-cc feedback packet from the subscriber, received at <paramref name="now"/>, and updates
    /// the estimate. <paramref name="roundTripTime"/> paces decreases (zero when unknown). Sequence numbers the
    /// history no longer knows are ignored.
    /// </summary>
    public void OnTransportFeedback(in RtcpTransportFeedback feedback, long now, TimeSpan roundTripTime = default)
    {
        var referenceMs = UnwrapReferenceTime(feedback.ReferenceTime) * 64.0;
        var arrivalMs = referenceMs;
        foreach (var packet in feedback.Packets)
        {
            if (!_history.TryGet(packet.SequenceNumber, out var size, out var sentAt))
            {
                continue;
            }

            if (!packet.IsReceived)
            {
                _lossLost++;
                continue;
            }

            _lossReceived++;
            arrivalMs += packet.DeltaTicks * 0.25;
            OnDelivered(size, arrivalMs);
            OnGroupPacket(_timeProvider.GetElapsedTime(0, sentAt).TotalMilliseconds, arrivalMs);
        }

        if (_lossReceived + _lossLost >= MinPacketsForLoss)
        {
            LossFraction = (double)_lossLost / (_lossReceived + _lossLost);
            _lossReceived = 0;
            _lossLost = 0;
        }

        UpdateEstimate(now, roundTripTime);
    }

    private long UnwrapReferenceTime(int referenceTime)
    {
        var value = referenceTime & 0xFFFFFF;
        if (!_hasReference)
        {
            _hasReference = true;
            _lastReferenceTime = value;
            return value;
        }

        var step = ((value - _lastReferenceTime) << 40) >> 40; // signed 24-bit difference
        _lastReferenceTime += step;
        return _lastReferenceTime;
    }

    private void OnDelivered(int size, double arrivalMs)
    {
        if (double.IsNaN(_deliveredWindowStartMs))
        {
            _deliveredWindowStartMs = arrivalMs;
            return; // the first packet opens the window; its bytes arrived before it
        }

        _deliveredBytes += size;
        var span = arrivalMs - _deliveredWindowStartMs;
        if (span >= DeliveredWindowMs)
        {
            var rate = _deliveredBytes * 8 * 1000 / span;
            DeliveredBitrate = DeliveredBitrate == 0 ? (long)rate : (long)((DeliveredBitrate + rate) / 2);
            _deliveredBytes = 0;
            _deliveredWindowStartMs = arrivalMs;
        }
    }

    private void OnGroupPacket(double sendMs, double arrivalMs)
    {
        if (!_hasGroup)
        {
            StartGroup(sendMs, arrivalMs);
            return;
        }

        if (sendMs < _groupFirstSendMs)
        {
            return; // reordered into an older group: no gradient to learn
        }

        if (sendMs - _groupFirstSendMs <= BurstMs)
        {
            _groupLastSendMs = Math.Max(_groupLastSendMs, sendMs);
            _groupLastArrivalMs = Math.Max(_groupLastArrivalMs, arrivalMs);
            return;
        }

        if (_hasPreviousGroup)
        {
            var sendDelta = _groupLastSendMs - _previousGroupLastSendMs;
            var arrivalDelta = _groupLastArrivalMs - _previousGroupLastArrivalMs;
            _trendline.Update(arrivalDelta - sendDelta, sendDelta, _groupLastArrivalMs);
        }

        _hasPreviousGroup = true;
        _previousGroupLastSendMs = _groupLastSendMs;
        _previousGroupLastArrivalMs = _groupLastArrivalMs;
        StartGroup(sendMs, arrivalMs);
    }

    private void StartGroup(double sendMs, double arrivalMs)
    {
        _hasGroup = true;
        _groupFirstSendMs = sendMs;
        _groupLastSendMs = sendMs;
        _groupLastArrivalMs = arrivalMs;
    }

    private void UpdateEstimate(long now, TimeSpan roundTripTime)
    {
        var elapsed = _updated ? _timeProvider.GetElapsedTime(_lastUpdate, now) : TimeSpan.Zero;
        _updated = true;
        _lastUpdate = now;
        var sinceDecrease = _decreased ? _timeProvider.GetElapsedTime(_lastDecrease, now) : TimeSpan.MaxValue;

        if (_trendline.State == BandwidthUsage.Overusing)
        {
            var pace = roundTripTime > TimeSpan.FromMilliseconds(200) ? roundTripTime : TimeSpan.FromMilliseconds(200);
            if (sinceDecrease >= pace)
            {
                // GCC backs off to a share of what actually got through, not of the estimate: a queue that keeps
                // growing (the sender has not reacted yet) must not compound the cut at every feedback.
                var target = OveruseBackoff * (DeliveredBitrate > 0 ? DeliveredBitrate : _estimate);
                if (target < _estimate)
                {
                    Decrease(target, now);
                }
            }
        }
        else if (LossFraction > HighLoss)
        {
            if (sinceDecrease >= TimeSpan.FromMilliseconds(300))
            {
                Decrease(_estimate * (1 - (LossFraction / 2)), now);
            }
        }
        else if (_trendline.State == BandwidthUsage.Normal && LossFraction < LowLoss)
        {
            var seconds = Math.Min(elapsed.TotalSeconds, 1);
            _estimate = Math.Min(_estimate * Math.Pow(IncreasePerSecond, seconds), MaxBitrate);

            // Growing far beyond a REMB cap is pointless: the cap would have to lift a long way before it mattered.
            if (_remb != long.MaxValue)
            {
                _estimate = Math.Min(_estimate, Math.Max(_remb * 1.5, MinBitrate));
            }
        }

        // else: underuse, or moderate loss: hold.
    }

    private void Decrease(double target, long now)
    {
        _estimate = Math.Max(target, MinBitrate);
        _lastDecrease = now;
        _decreased = true;
    }
}
