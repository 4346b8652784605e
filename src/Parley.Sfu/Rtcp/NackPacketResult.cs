namespace Parley.Sfu.Rtcp;

/// <summary>What <see cref="NackGenerator.OnPacket"/> made of one packet.</summary>
public enum NackPacketResult
{
    /// <summary>The next expected packet (or the first one): nothing to do.</summary>
    InOrder,

    /// <summary>A newer packet after a gap: the skipped numbers are now missing; collect NACKs now.</summary>
    Gap,

    /// <summary>A missing packet arrived (late or retransmitted) and left the missing list.</summary>
    Recovered,

    /// <summary>An old packet that was not missing (a duplicate, or one given up on).</summary>
    Duplicate,

    /// <summary>
    /// The gap was too large to NACK (more missing than the generator tracks): the missing list was cleared and
    /// the caller should request a key frame instead.
    /// </summary>
    KeyFrameNeeded,
}
