using Parley.Media.Files.Codecs;

namespace Parley.Client.Media;

/// <summary>
/// Reassembles VP8 frames from the RTP packets of one stream (RFC 7741 §4): a frame is the packets sharing one RTP
/// timestamp, from the one that starts partition 0 (S=1, PID=0) to the one with the marker bit, with no sequence
/// number missing in between. Packets may arrive reordered within a frame; a frame still incomplete when a packet
/// of a later frame arrives is dropped and counted, so a receiver never gets a frame with a hole in it.
/// The work is <see cref="Vp8FrameAssembler"/>'s (shared with the server's recorder); this gives the SDK's frames.
/// </summary>
/// <remarks>Not thread-safe: feed it from the one thread that receives the stream.</remarks>
public sealed class Vp8Depacketizer
{
    /// <summary>More packets than this in one frame means the stream is broken; the frame is dropped.</summary>
    public const int MaxPacketsPerFrame = Vp8FrameAssembler.MaxPacketsPerFrame;

    private readonly Vp8FrameAssembler _assembler = new();

    /// <summary>Frames handed out.</summary>
    public long FramesCompleted => _assembler.FramesCompleted;

    /// <summary>Frames abandoned because a packet never came.</summary>
    public long FramesDropped => _assembler.FramesDropped;

    /// <summary>Packets not used: no valid descriptor, or belonging to a frame already handed out or abandoned.</summary>
    public long PacketsDiscarded => _assembler.PacketsDiscarded;

    /// <summary>
    /// Adds one packet; returns true with <paramref name="frame"/> when it completed a frame. The payload (the RTP
    /// payload, descriptor included) is copied: it need only be valid during the call.
    /// </summary>
    public bool TryPush(ushort sequenceNumber, uint timestamp, bool marker, ReadOnlySpan<byte> payload, out EncodedFrame? frame)
    {
        if (_assembler.TryPush(sequenceNumber, timestamp, marker, payload, out var assembled))
        {
            frame = new EncodedFrame(assembled.Timestamp, assembled.IsKeyFrame, assembled.Data);
            return true;
        }

        frame = null;
        return false;
    }
}
