using Parley.Rtp;

namespace Parley.Client.Media;

/// <summary>
/// Numbers and stamps one outgoing RTP stream (one SSRC): VP8 frames are split by <see cref="Vp8Packetizer"/>,
/// Opus packets go one per RTP packet (RFC 7587), synthetic payloads are for load tests. Not thread-safe: one
/// sender per stream, used from one task.
/// </summary>
public sealed class RtpStreamSender
{
    private readonly RtpPacketSink _send;
    private readonly Vp8Packetizer _vp8 = new();

    // Owned by this sender: each packet is written here, then handed to the transport, which copies it.
    private readonly byte[] _packet = new byte[1500];
    private ushort _sequence;

    /// <param name="send">Sends one plaintext RTP packet (the media transport encrypts); returns false on failure.</param>
    public RtpStreamSender(uint ssrc, byte payloadType, int clockRate, RtpPacketSink send)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        Ssrc = ssrc;
        PayloadType = payloadType;
        ClockRate = clockRate;
        _send = send;
        _sequence = (ushort)Random.Shared.Next(ushort.MaxValue);
    }

    public uint Ssrc { get; }

    public byte PayloadType { get; }

    public int ClockRate { get; }

    public long PacketsSent { get; private set; }

    public long PacketsFailed { get; private set; }

    /// <summary>Sequence number the next packet will carry.</summary>
    public ushort NextSequenceNumber => _sequence;

    /// <summary>Packetizes one VP8 frame (RFC 7741); the marker bit is set on its last packet. Returns packets sent.</summary>
    public int SendVp8Frame(ReadOnlySpan<byte> frame, uint rtpTimestamp)
    {
        int count = _vp8.CountPayloads(frame.Length);
        for (int index = 0; index < count; index++)
        {
            // The marker bit flags the frame's last packet (RFC 7741 §4.1).
            var writer = new RtpPacketWriter(_packet, PayloadType, _sequence, rtpTimestamp, Ssrc, marker: index == count - 1);
            var payload = writer.BeginPayload(Math.Min(Vp8Packetizer.DefaultMaxPayloadLength, Vp8Packetizer.DescriptorLength + frame.Length));
            int length = _vp8.WritePayload(frame, index, payload, out _);
            Send(writer.Length - payload.Length + length);
        }

        _vp8.NextPicture();
        return count;
    }

    /// <summary>Sends one Opus packet as one RTP packet.</summary>
    public void SendOpus(ReadOnlySpan<byte> opusPacket, uint rtpTimestamp)
    {
        var writer = new RtpPacketWriter(_packet, PayloadType, _sequence, rtpTimestamp, Ssrc);
        writer.WritePayload(opusPacket);
        Send(writer.Length);
    }

    /// <summary>Sends a packet with <paramref name="payloadLength"/> bytes of filler (load tests, echo checks).</summary>
    public void SendSynthetic(int payloadLength, uint rtpTimestamp, bool marker = false)
    {
        var writer = new RtpPacketWriter(_packet, PayloadType, _sequence, rtpTimestamp, Ssrc, marker);
        var payload = writer.BeginPayload(payloadLength);
        payload.Fill((byte)_sequence);
        Send(writer.Length);
    }

    private void Send(int length)
    {
        _sequence++;
        if (_send(_packet.AsSpan(0, length)))
        {
            PacketsSent++;
        }
        else
        {
            PacketsFailed++;
        }
    }
}
