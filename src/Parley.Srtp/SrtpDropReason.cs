namespace Parley.Srtp;

/// <summary>Why an incoming SRTP/SRTCP packet was dropped (or an outgoing one refused).</summary>
public enum SrtpDropReason
{
    /// <summary>Too short, wrong RTP version, header longer than the packet, or no room for the tag.</summary>
    Malformed,

    /// <summary>The authentication tag did not verify.</summary>
    AuthenticationFailed,

    /// <summary>The index was already received, or is older than the replay window.</summary>
    Replayed,

    /// <summary>The context already tracks its maximum number of SSRCs.</summary>
    TooManySsrcs,
}
