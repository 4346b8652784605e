namespace Parley.Sfu.Forwarding;

/// <summary>
/// What a receiver last saw on one outgoing stream: enough to continue it without a jump after a switch point
/// (a layer switch, a resume, a republished producer behind the same consumer SSRC).
/// </summary>
internal readonly record struct RtpRewriterState(
    ushort LastSequenceNumber,
    uint LastTimestamp,
    long LastSentAt,
    int LastPictureId,
    byte LastTl0PicIdx);
