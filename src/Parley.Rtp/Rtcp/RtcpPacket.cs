using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>
/// One RTCP packet of a compound datagram: the common header (RFC 3550 §6.4.1) and a view of its body.
/// Use the typed views (<see cref="RtcpSenderReport"/>, <see cref="RtcpGenericNack"/>…) to read the body.
/// The caller owns the bytes and must keep them alive while the view is used.
/// </summary>
public readonly ref struct RtcpPacket
{
    public const int HeaderLength = 4;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly int _paddingLength;

    private RtcpPacket(ReadOnlySpan<byte> raw, int paddingLength)
    {
        _raw = raw;
        _paddingLength = paddingLength;
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1 (common header) and appendix A.2 (validity)
    /// <summary>
    /// Parses the RTCP packet at the start of <paramref name="data"/>; never throws. Rejects: fewer than 4
    /// bytes, version other than 2, a length (in 32-bit words minus one) running past the input, a padding
    /// count of zero or larger than the body. On success <see cref="Length"/> tells where the next packet
    /// of a compound starts.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPacket packet)
    {
        packet = default;
        if (data.Length < HeaderLength || (data[0] >> 6) != 2)
        {
            return false;
        }

        var length = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * 4;
        if (length > data.Length)
        {
            return false;
        }

        var raw = data[..length];
        var paddingLength = 0;
        if ((data[0] & 0x20) != 0)
        {
            paddingLength = raw[^1];
            if (paddingLength == 0 || paddingLength > length - HeaderLength)
            {
                return false;
            }
        }

        packet = new RtcpPacket(raw, paddingLength);
        return true;
    }

    /// <summary>The whole packet including header and padding.</summary>
    public ReadOnlySpan<byte> Raw => _raw;

    /// <summary>Bytes on the wire, a multiple of 4.</summary>
    public int Length => _raw.Length;

    public bool HasPadding => _paddingLength != 0;

    /// <summary>The 5-bit field after P: report count (SR/RR), source count (SDES/BYE) or FMT (feedback).</summary>
    public int Count => _raw[0] & 0x1F;

    public RtcpPacketType PacketType => (RtcpPacketType)_raw[1];

    /// <summary>Everything after the 4-byte header, without padding.</summary>
    public ReadOnlySpan<byte> Body => _raw[HeaderLength..^_paddingLength];
}
