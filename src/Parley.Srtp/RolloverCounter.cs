namespace Parley.Srtp;

/// <summary>
/// Packet index estimation from a 16-bit sequence number (RFC 3711 §3.3.1 and Appendix A,
/// https://www.rfc-editor.org/rfc/rfc3711#appendix-A).
/// </summary>
internal static class RolloverCounter
{
    private const int HalfSequenceSpace = 32768;

    /// <summary>
    /// Estimates the 48-bit index of <paramref name="sequence"/> given the highest index seen so far
    /// (<c>ROC * 65536 + s_l</c>). Returns false when the guess would be an ROC below zero (a packet from before the
    /// stream started).
    /// </summary>
    public static bool TryEstimateIndex(ulong highestIndex, ushort sequence, out ulong index)
    {
        var rollover = (long)(highestIndex >> 16);
        int highestSequence = (ushort)highestIndex;
        long guessedRollover;
        if (highestSequence < HalfSequenceSpace)
        {
            guessedRollover = sequence - highestSequence > HalfSequenceSpace ? rollover - 1 : rollover;
        }
        else
        {
            guessedRollover = highestSequence - HalfSequenceSpace > sequence ? rollover + 1 : rollover;
        }

        if (guessedRollover is < 0 or > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)guessedRollover << 16) | sequence;
        return true;
    }
}
