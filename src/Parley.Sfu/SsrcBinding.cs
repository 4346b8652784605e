namespace Parley.Sfu;

/// <summary>An entry of a transport's SSRC table: the producer stream an incoming SSRC belongs to, and whether it is its RTX.</summary>
internal readonly record struct SsrcBinding(ProducerStream Stream, bool IsRtx);
