using Parley.Sfu.Forwarding;

namespace Parley.Sfu;

/// <summary>
/// What a closed consumer's outgoing stream last looked like, kept by its transport under the consumer's SSRC so
/// a new consumer with the same SSRC (a republished track in the same subscriber slot) continues without a jump.
/// <paramref name="ReportedCumulativeLost"/> is the highest cumulative loss the subscriber reported for the SSRC: its
/// receiver keeps counting across consumers, so the next consumer counts only what is lost beyond it.
/// </summary>
internal readonly record struct RetiredConsumerState(RtpRewriterState? Rewriter, ushort NextRtxSequenceNumber, int ReportedCumulativeLost);
