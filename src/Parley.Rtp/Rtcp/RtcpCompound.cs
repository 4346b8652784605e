namespace Parley.Rtp.Rtcp;

/// <summary>Entry points for compound RTCP datagrams.</summary>
public static class RtcpCompound
{
    /// <summary>Iterates the packets in <paramref name="datagram"/> (allocation-free, usable with foreach).</summary>
    public static RtcpCompoundEnumerator Enumerate(ReadOnlySpan<byte> datagram) => new(datagram);

    // https://www.rfc-editor.org/rfc/rfc3550#appendix-A.2
    /// <summary>
    /// True when <paramref name="datagram"/> is a sequence of well-framed RTCP packets that exactly fills it.
    /// Deliberately does not insist on SR/RR first: reduced-size RTCP (RFC 5506), which browsers use for
    /// feedback, sends a NACK or PLI alone. Returns the packet count.
    /// </summary>
    public static bool TryValidate(ReadOnlySpan<byte> datagram, out int packetCount)
    {
        packetCount = 0;
        var position = 0;
        while (position < datagram.Length)
        {
            if (!RtcpPacket.TryParse(datagram[position..], out var packet))
            {
                return false;
            }

            position += packet.Length;
            packetCount++;
        }

        return packetCount > 0;
    }
}
