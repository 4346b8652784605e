using System.Buffers.Binary;
using Parley.Rtp;

namespace Parley.Client.Media.Rooms;

/// <summary>
/// A track whose RTP the caller produces (an encoder, a relay): <see cref="Write"/> takes a whole RTP packet, rewrites
/// its SSRC and payload type to the ones negotiated for the track (sequence numbers, timestamps, marker, extensions
/// and payload stay the caller's) and sends it over the send transport.
/// </summary>
public sealed class RtpTrackWriter : LocalTrack
{
    private readonly string _codec;
    private readonly Lock _lock = new();

    // Owned by this writer; reused by every Write under _lock (the send path copies it before encrypting).
    private readonly byte[] _buffer = new byte[1500];
    private long _written;

    /// <param name="source">What the track is; the codec must match its kind.</param>
    /// <param name="codec"><c>VP8</c> for video, <c>opus</c> for audio.</param>
    public RtpTrackWriter(MediaSource source, string? codec = null)
        : base(source)
    {
        _codec = codec ?? (source == MediaSource.Microphone ? "opus" : "VP8");
        bool audio = string.Equals(_codec, "opus", StringComparison.OrdinalIgnoreCase);
        bool video = string.Equals(_codec, "VP8", StringComparison.OrdinalIgnoreCase);
        if (!(audio && Kind == MediaKind.Audio) && !(video && Kind == MediaKind.Video))
        {
            throw new ArgumentException($"Codec {_codec} does not fit a {source} track (opus for microphone, VP8 for camera/screen).", nameof(codec));
        }
    }

    public override string Codec => _codec;

    /// <summary>Packets accepted by <see cref="Write"/>.</summary>
    public long PacketsWritten => Interlocked.Read(ref _written);

    /// <summary>
    /// Sends one RTP packet; false when the track is not published (or not yet connected), muted, or the packet is not
    /// RTP. Throws <see cref="ArgumentException"/> for a packet longer than 1,500 bytes.
    /// </summary>
    public bool Write(ReadOnlySpan<byte> rtpPacket)
    {
        if (rtpPacket.Length > _buffer.Length)
        {
            throw new ArgumentException("An RTP packet is at most 1,500 bytes.", nameof(rtpPacket));
        }

        var sender = Sender;
        if (sender is null || Muted || rtpPacket.Length < RtpPacket.FixedHeaderLength || rtpPacket[0] >> 6 != 2
            || !RtpPacket.TryGetHeaderLength(rtpPacket, out int headerLength))
        {
            return false;
        }

        lock (_lock)
        {
            rtpPacket.CopyTo(_buffer);
            _buffer[1] = (byte)((_buffer[1] & 0x80) | sender.PayloadType);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(8), sender.Ssrc);
            if (!RawSink!(_buffer.AsSpan(0, rtpPacket.Length)))
            {
                return false;
            }
        }

        Interlocked.Increment(ref _written);
        if ((rtpPacket[1] & 0x80) != 0 || Kind == MediaKind.Audio)
        {
            CountFrame(rtpPacket.Length - headerLength); // a marker ends a video frame; every audio packet is one
        }

        return true;
    }
}
