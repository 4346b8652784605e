using Parley.Sfu.Forwarding;

namespace Parley.Sfu;

/// <summary>
/// What a closed consumer's outgoing stream last looked like, kept by its transport under the consumer's SSRC so
/// a new consumer with the same SSRC (a republished track in the same subscriber slot) continues without a jump.
/// </summary>
internal readonly record struct RetiredConsumerState(RtpRewriterState? Rewriter, ushort NextRtxSequenceNumber);
