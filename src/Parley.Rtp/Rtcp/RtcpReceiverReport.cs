using System.Buffers.Binary;

namespace Parley.Rtp.Rtcp;

/// <summary>A Receiver Report (PT 201): reporter SSRC plus report blocks. View over the packet's bytes.</summary>
public readonly ref struct RtcpReceiverReport
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _reportCount;

    private RtcpReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        _reportCount = reportCount;
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2
    /// <summary>Reads <paramref name="packet"/> as an RR; false if it is not one or is too short for its report count.</summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpReceiverReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.ReceiverReport
            || packet.Body.Length < 4 + (packet.Count * RtcpReportBlock.Length))
        {
            return false;
        }

        report = new RtcpReceiverReport(packet.Body, packet.Count);
        return true;
    }

    public uint Ssrc => RtcpWire.ReadUInt32(_body, 0);

    public int ReportCount => _reportCount;

    public RtcpReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _reportCount);
        return RtcpReportBlock.Read(_body[(4 + (index * RtcpReportBlock.Length))..]);
    }

    /// <summary>Writes an RR with up to 31 report blocks (none is valid: "I receive nothing"); returns the bytes written.</summary>
    public static int Write(Span<byte> destination, uint ssrc, ReadOnlySpan<RtcpReportBlock> reportBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reportBlocks.Length, 31, nameof(reportBlocks));
        var length = RtcpPacket.HeaderLength + 4 + (reportBlocks.Length * RtcpReportBlock.Length);
        RtcpWire.EnsureCapacity(destination, length);
        RtcpWire.WriteHeader(destination, reportBlocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        for (var i = 0; i < reportBlocks.Length; i++)
        {
            reportBlocks[i].Write(destination[(8 + (i * RtcpReportBlock.Length))..]);
        }

        return length;
    }
}
