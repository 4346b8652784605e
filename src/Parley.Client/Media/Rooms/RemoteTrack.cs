using System.Buffers.Binary;
using Parley.Rtp;
using Parley.WebRtc.Client;

namespace Parley.Client.Media.Rooms;

/// <summary>
/// A remote participant's track received on the recv transport (one consumer): every decrypted RTP packet through
/// <see cref="RtpReceived"/>, and whole frames through <see cref="FrameReceived"/> (VP8 reassembled by
/// <see cref="Vp8Depacketizer"/>; each Opus packet is a frame). Both run on the transport's receive thread.
/// </summary>
public sealed class RemoteTrack
{
    private readonly Lock _lock = new();
    private readonly Vp8Depacketizer? _vp8;
    private SequenceNumberUnwrapper _sequence;
    private long _firstSequence = -1;
    private long _packets;
    private long _bytes;
    private long _frames;

    internal RemoteTrack(ConsumerInfo consumer)
    {
        Consumer = consumer;
        // An unknown source name (a newer server) is reported as the kind's usual source.
        Kind = MediaWireNames.ParseKind(consumer.Kind);
        Source = MediaWireNames.TryParseSource(consumer.Source, out var source) ? source
            : Kind == MediaKind.Audio ? MediaSource.Microphone : MediaSource.Camera;
        _vp8 = Kind == MediaKind.Video ? new Vp8Depacketizer() : null;
    }

    /// <summary>The publisher's identifier.</summary>
    public string Identifier => Consumer.Identifier;

    public MediaSource Source { get; }

    public MediaKind Kind { get; }

    public string ProducerId => Consumer.ProducerId;

    public string ConsumerId => Consumer.ConsumerId;

    /// <summary>The recv-transport section carrying this track.</summary>
    public string Mid => Consumer.Mid;

    /// <summary>The consumer as the last <c>subscriberOffer</c> described it.</summary>
    public ConsumerInfo Consumer { get; internal set; }

    public long PacketsReceived => Interlocked.Read(ref _packets);

    public long BytesReceived => Interlocked.Read(ref _bytes);

    public long FramesReceived => Interlocked.Read(ref _frames);

    /// <summary>Packets missing by sequence number (expected minus received; reordering counts until it arrives).</summary>
    public long PacketsLost
    {
        get
        {
            lock (_lock)
            {
                return _firstSequence < 0 ? 0 : Math.Max(0, _sequence.Highest - _firstSequence + 1 - _packets);
            }
        }
    }

    /// <summary>Each decrypted RTP packet; the span is valid only during the call.</summary>
    public event ClientPacketHandler? RtpReceived;

    /// <summary>Each complete frame: a reassembled VP8 picture or one Opus packet.</summary>
    public event EventHandler<EncodedFrame>? FrameReceived;

    /// <summary>Handles one decrypted RTP packet of this track (receive thread).</summary>
    internal void OnRtp(ReadOnlySpan<byte> packet, int headerLength)
    {
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        bool marker = (packet[1] & 0x80) != 0;
        int padding = (packet[0] & 0x20) != 0 && packet.Length > headerLength ? packet[^1] : 0;
        var payload = packet[headerLength..Math.Max(headerLength, packet.Length - padding)];
        EncodedFrame? frame = null;
        lock (_lock)
        {
            long unwrapped = _sequence.Unwrap(sequence);
            if (_firstSequence < 0)
            {
                _firstSequence = unwrapped;
            }

            _packets++;
            _bytes += payload.Length;
            if (FrameReceived is not null)
            {
                if (_vp8 is not null)
                {
                    _vp8.TryPush(sequence, timestamp, marker, payload, out frame);
                }
                else if (!payload.IsEmpty)
                {
                    frame = new EncodedFrame(timestamp, true, payload.ToArray());
                }
            }
            else if (_vp8 is null || marker)
            {
                _frames++; // nobody reassembles: count audio packets and video markers
            }

            if (frame is not null)
            {
                _frames++;
            }
        }

        RtpReceived?.Invoke(packet);
        if (frame is not null)
        {
            FrameReceived?.Invoke(this, frame);
        }
    }
}
