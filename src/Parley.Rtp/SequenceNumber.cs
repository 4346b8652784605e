namespace Parley.Rtp;

/// <summary>16-bit RTP sequence-number arithmetic with wrap-around (RFC 3550 §A.1, RFC 1982 serial numbers).</summary>
public static class SequenceNumber
{
    /// <summary>
    /// True when <paramref name="candidate"/> comes after <paramref name="reference"/>, i.e. it is ahead by
    /// less than half the number space. Exactly half-way is broken by value so the relation stays asymmetric.
    /// </summary>
    public static bool IsNewer(ushort candidate, ushort reference)
    {
        var ahead = (ushort)(candidate - reference);
        return ahead == 0x8000 ? candidate > reference : ahead is > 0 and < 0x8000;
    }

    /// <summary>Signed distance from <paramref name="reference"/> to <paramref name="candidate"/> (-32768..32767).</summary>
    public static int Distance(ushort candidate, ushort reference) => (short)(ushort)(candidate - reference);

    /// <summary>The later of two sequence numbers in wrap-around order.</summary>
    public static ushort Latest(ushort first, ushort second) => IsNewer(first, second) ? first : second;
}
