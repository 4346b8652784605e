namespace Parley.Rtp;

/// <summary>
/// Turns 16-bit sequence numbers into a monotonic 64-bit "extended" sequence (RFC 3550 §A.1: cycles × 65536
/// + seq), tolerating reordering within half the number space. One instance per stream; not thread-safe.
/// </summary>
public struct SequenceNumberUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>The extended value of the newest number seen so far (0 before the first).</summary>
    public readonly long Highest => _last;

    /// <summary>Extends <paramref name="sequenceNumber"/> relative to the last value passed in.</summary>
    public long Unwrap(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _last = sequenceNumber;
            return _last;
        }

        var extended = _last + SequenceNumber.Distance(sequenceNumber, (ushort)_last);
        if (extended > _last)
        {
            _last = extended;
        }

        return extended;
    }
}
