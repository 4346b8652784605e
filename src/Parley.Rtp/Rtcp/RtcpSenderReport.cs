using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>A Sender Report (PT 200): sender info plus reception report blocks. View over the packet's bytes.</summary>
public readonly ref struct RtcpSenderReport
{
    private const int SenderInfoLength = 24; // SSRC + NTP(8) + RTP timestamp + packet count + octet count

    private readonly ReadOnlySpan<byte> _body;
    private readonly int _reportCount;

    private RtcpSenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        _reportCount = reportCount;
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1
    /// <summary>Reads <paramref name="packet"/> as an SR; false if it is not one or its body is too short for its report count.</summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpSenderReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.SenderReport
            || packet.Body.Length < SenderInfoLength + (packet.Count * RtcpReportBlock.Length))
        {
            return false;
        }

        report = new RtcpSenderReport(packet.Body, packet.Count);
        return true;
    }

    public uint Ssrc => RtcpWire.ReadUInt32(_body, 0);

    /// <summary>64-bit NTP timestamp (seconds since 1900 in the high word, fraction in the low word).</summary>
    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_body[4..]);

    public uint RtpTimestamp => RtcpWire.ReadUInt32(_body, 12);

    public uint PacketCount => RtcpWire.ReadUInt32(_body, 16);

    public uint OctetCount => RtcpWire.ReadUInt32(_body, 20);

    public int ReportCount => _reportCount;

    public RtcpReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _reportCount);
        return RtcpReportBlock.Read(_body[(SenderInfoLength + (index * RtcpReportBlock.Length))..]);
    }

    /// <summary>Writes an SR with up to 31 report blocks; returns the bytes written.</summary>
    public static int Write(
        Span<byte> destination,
        uint ssrc,
        ulong ntpTimestamp,
        uint rtpTimestamp,
        uint packetCount,
        uint octetCount,
        ReadOnlySpan<RtcpReportBlock> reportBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reportBlocks.Length, 31, nameof(reportBlocks));
        var length = RtcpPacket.HeaderLength + SenderInfoLength + (reportBlocks.Length * RtcpReportBlock.Length);
        RtcpWire.EnsureCapacity(destination, length);
        RtcpWire.WriteHeader(destination, reportBlocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], octetCount);
        for (var i = 0; i < reportBlocks.Length; i++)
        {
            reportBlocks[i].Write(destination[(28 + (i * RtcpReportBlock.Length))..]);
        }

        return length;
    }
}
