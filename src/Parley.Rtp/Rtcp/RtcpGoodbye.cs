using System.Buffers.Binary;
using System.Text;

namespace Parley.Rtp.Rtcp;

/// <summary>A BYE packet (PT 203): the SSRCs leaving and an optional reason. View over the packet's bytes.</summary>
public readonly ref struct RtcpGoodbye
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _sourceCount;

    private RtcpGoodbye(ReadOnlySpan<byte> body, int sourceCount)
    {
        _body = body;
        _sourceCount = sourceCount;
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-6.6
    /// <summary>Reads <paramref name="packet"/> as BYE; false if the SSRC list or the reason overruns the body.</summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpGoodbye goodbye)
    {
        goodbye = default;
        var body = packet.Body;
        var ssrcBytes = packet.Count * 4;
        if (packet.PacketType != RtcpPacketType.Goodbye
            || body.Length < ssrcBytes
            || (body.Length > ssrcBytes && ssrcBytes + 1 + body[ssrcBytes] > body.Length))
        {
            return false;
        }

        goodbye = new RtcpGoodbye(body, packet.Count);
        return true;
    }

    public int SourceCount => _sourceCount;

    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _sourceCount);
        return RtcpWire.ReadUInt32(_body, index * 4);
    }

    /// <summary>The optional "reason for leaving", UTF-8.</summary>
    public bool TryGetReason(out ReadOnlySpan<byte> reason)
    {
        var offset = _sourceCount * 4;
        if (_body.Length > offset && _body[offset] > 0)
        {
            reason = _body.Slice(offset + 1, _body[offset]);
            return true;
        }

        reason = default;
        return false;
    }

    /// <summary>Writes a BYE for up to 31 SSRCs with an optional reason (≤ 255 bytes); returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<char> reason = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ssrcs.Length, 31, nameof(ssrcs));
        var reasonLength = Encoding.UTF8.GetByteCount(reason);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reasonLength, 255, nameof(reason));
        var bodyLength = (ssrcs.Length * 4) + (reasonLength > 0 ? (1 + reasonLength + 3) & ~3 : 0);
        var length = RtcpPacket.HeaderLength + bodyLength;
        RtcpWire.EnsureCapacity(destination, length);
        RtcpWire.WriteHeader(destination, ssrcs.Length, RtcpPacketType.Goodbye, length);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 + (i * 4))..], ssrcs[i]);
        }

        if (reasonLength > 0)
        {
            var reasonStart = 4 + (ssrcs.Length * 4);
            destination[reasonStart] = (byte)reasonLength;
            Encoding.UTF8.GetBytes(reason, destination[(reasonStart + 1)..]);
            destination[(reasonStart + 1 + reasonLength)..length].Clear();
        }

        return length;
    }
}
