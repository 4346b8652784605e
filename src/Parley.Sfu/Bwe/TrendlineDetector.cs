namespace Parley.Sfu.Bwe;

/// <summary>
/// GCC's delay-gradient detector (draft-ietf-rmcat-gcc-02 §5, in libwebrtc's trendline form): accumulates the
/// inter-group delay variation, smooths it, fits a line over the last <see cref="WindowSize"/> samples against
/// arrival time, and compares the scaled slope with an adaptive threshold. Overuse needs the trend above the
/// threshold for more than 10 ms and two samples in a row while not decreasing. Owned by one
/// <see cref="BandwidthEstimator"/>; same thread and lock.
/// </summary>
internal sealed class TrendlineDetector
{
    public const int WindowSize = 20;
    private const double Smoothing = 0.9;
    private const double ThresholdGain = 4;
    private const double InitialThresholdMs = 12.5;
    private const double ThresholdUpGain = 0.0087;   // k_u
    private const double ThresholdDownGain = 0.039;  // k_d
    private const double OverusingTimeThresholdMs = 10;
    private const int MaxDeltas = 60;

    private readonly double[] _arrivalMs = new double[WindowSize];
    private readonly double[] _smoothedDelayMs = new double[WindowSize];
    private int _next;
    private int _count;
    private double _firstArrivalMs = double.NaN;
    private double _accumulatedDelayMs;
    private double _smoothedMs;
    private int _deltas;
    private double _previousTrend;
    private double _timeOverUsingMs = -1;
    private int _overuseCounter;
    private double _lastThresholdUpdateMs = double.NaN;

    public double ThresholdMs { get; private set; } = InitialThresholdMs;

    public double Trend { get; private set; }

    public BandwidthUsage State { get; private set; } = BandwidthUsage.Normal;

    /// <summary>One inter-group sample: the delay variation (arrival delta − send delta) and the group's arrival time.</summary>
    public BandwidthUsage Update(double delayVariationMs, double sendDeltaMs, double arrivalMs)
    {
        if (double.IsNaN(_firstArrivalMs))
        {
            _firstArrivalMs = arrivalMs;
        }

        _deltas = Math.Min(_deltas + 1, 1000);
        _accumulatedDelayMs += delayVariationMs;
        _smoothedMs = (Smoothing * _smoothedMs) + ((1 - Smoothing) * _accumulatedDelayMs);
        _arrivalMs[_next] = arrivalMs - _firstArrivalMs;
        _smoothedDelayMs[_next] = _smoothedMs;
        _next = (_next + 1) % WindowSize;
        _count = Math.Min(_count + 1, WindowSize);

        if (_count == WindowSize)
        {
            Trend = Slope() ?? Trend;
        }

        Detect(sendDeltaMs, arrivalMs);
        return State;
    }

    private double? Slope()
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < _count; i++)
        {
            meanX += _arrivalMs[i];
            meanY += _smoothedDelayMs[i];
        }

        meanX /= _count;
        meanY /= _count;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < _count; i++)
        {
            var dx = _arrivalMs[i] - meanX;
            numerator += dx * (_smoothedDelayMs[i] - meanY);
            denominator += dx * dx;
        }

        return denominator == 0 ? null : numerator / denominator;
    }

    private void Detect(double sendDeltaMs, double nowMs)
    {
        var modifiedTrend = Math.Min(_deltas, MaxDeltas) * Trend * ThresholdGain;
        if (modifiedTrend > ThresholdMs)
        {
            _timeOverUsingMs = _timeOverUsingMs < 0 ? sendDeltaMs / 2 : _timeOverUsingMs + sendDeltaMs;
            _overuseCounter++;
            if (_timeOverUsingMs > OverusingTimeThresholdMs && _overuseCounter > 1 && Trend >= _previousTrend)
            {
                _timeOverUsingMs = 0;
                _overuseCounter = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (modifiedTrend < -ThresholdMs)
        {
            _timeOverUsingMs = -1;
            _overuseCounter = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _timeOverUsingMs = -1;
            _overuseCounter = 0;
            State = BandwidthUsage.Normal;
        }

        _previousTrend = Trend;
        UpdateThreshold(modifiedTrend, nowMs);
    }

    private void UpdateThreshold(double modifiedTrend, double nowMs)
    {
        if (double.IsNaN(_lastThresholdUpdateMs))
        {
            _lastThresholdUpdateMs = nowMs;
        }

        var magnitude = Math.Abs(modifiedTrend);
        if (magnitude > ThresholdMs + 15)
        {
            // A spike (e.g. a route change) must not drag the threshold up.
            _lastThresholdUpdateMs = nowMs;
            return;
        }

        var gain = magnitude < ThresholdMs ? ThresholdDownGain : ThresholdUpGain;
        var elapsed = Math.Min(nowMs - _lastThresholdUpdateMs, 100);
        ThresholdMs = Math.Clamp(ThresholdMs + (gain * (magnitude - ThresholdMs) * elapsed), 6, 600);
        _lastThresholdUpdateMs = nowMs;
    }
}
