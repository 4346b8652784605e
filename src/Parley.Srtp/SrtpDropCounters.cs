namespace Parley.Srtp;

/// <summary>Counts of dropped packets per <see cref="SrtpDropReason"/>. Safe to read from any thread.</summary>
public sealed class SrtpDropCounters
{
    private long _malformed;
    private long _authenticationFailed;
    private long _replayed;
    private long _tooManySsrcs;

    /// <summary>Packets that were not well-formed SRTP/SRTCP.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Packets whose tag did not verify.</summary>
    public long AuthenticationFailed => Interlocked.Read(ref _authenticationFailed);

    /// <summary>Replayed or too-old packets.</summary>
    public long Replayed => Interlocked.Read(ref _replayed);

    /// <summary>Packets of a new SSRC refused because the context is full.</summary>
    public long TooManySsrcs => Interlocked.Read(ref _tooManySsrcs);

    /// <summary>Sum of all drop reasons.</summary>
    public long Total => Malformed + AuthenticationFailed + Replayed + TooManySsrcs;

    /// <summary>The count for one reason.</summary>
    public long this[SrtpDropReason reason] => reason switch
    {
        SrtpDropReason.Malformed => Malformed,
        SrtpDropReason.AuthenticationFailed => AuthenticationFailed,
        SrtpDropReason.Replayed => Replayed,
        SrtpDropReason.TooManySsrcs => TooManySsrcs,
        _ => 0,
    };

    internal void Count(SrtpDropReason reason)
    {
        switch (reason)
        {
            case SrtpDropReason.Malformed:
                Interlocked.Increment(ref _malformed);
                break;
            case SrtpDropReason.AuthenticationFailed:
                Interlocked.Increment(ref _authenticationFailed);
                break;
            case SrtpDropReason.Replayed:
                Interlocked.Increment(ref _replayed);
                break;
            case SrtpDropReason.TooManySsrcs:
                Interlocked.Increment(ref _tooManySsrcs);
                break;
        }
    }
}
