namespace Parley.Rtp.Rtcp;

// https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3.1.3
/// <summary>
/// Decoding of one 16-bit packet status chunk: run length (T=0: 2-bit symbol, 13-bit run), or status
/// vector (T=1) of 14 one-bit symbols (S=0; 1 means "received, small delta") or 7 two-bit symbols (S=1).
/// </summary>
internal static class TransportFeedbackChunk
{
    public const int OneBitCapacity = 14;
    public const int TwoBitCapacity = 7;
    public const int MaxRunLength = 0x1FFF;

    /// <summary>How many packets the chunk describes.</summary>
    public static int Capacity(ushort chunk) =>
        (chunk & 0x8000) == 0 ? chunk & MaxRunLength
        : (chunk & 0x4000) == 0 ? OneBitCapacity
        : TwoBitCapacity;

    /// <summary>The 2-bit status symbol of packet <paramref name="index"/> within the chunk.</summary>
    public static int Symbol(ushort chunk, int index) =>
        (chunk & 0x8000) == 0 ? (chunk >> 13) & 0x03
        : (chunk & 0x4000) == 0 ? (chunk >> (13 - index)) & 0x01
        : (chunk >> (12 - (2 * index))) & 0x03;

    /// <summary>Receive-delta bytes a symbol carries: 0, 1 (small) or 2 (large).</summary>
    public static int DeltaSize(int symbol) => symbol;
}
