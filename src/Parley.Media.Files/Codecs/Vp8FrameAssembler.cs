using Parley.Rtp.Codecs;

namespace Parley.Media.Files.Codecs;

/// <summary>
/// Reassembles VP8 frames from the RTP packets of one stream (RFC 7741 §4): a frame is the packets sharing one RTP
/// timestamp, from the one that starts partition 0 (S=1, PID=0) to the one with the marker bit, with no sequence
/// number missing in between. Packets may arrive reordered within a frame; a frame still incomplete when a packet
/// of a later frame arrives is dropped and counted, so a receiver never gets a frame with a hole in it.
/// The C# SDK's <c>Vp8Depacketizer</c> and the server's recorder both use it.
/// </summary>
/// <remarks>Not thread-safe: feed it from the one thread that handles the stream.</remarks>
public sealed class Vp8FrameAssembler
{
    /// <summary>More packets than this in one frame means the stream is broken; the frame is dropped.</summary>
    public const int MaxPacketsPerFrame = 2048;

    // The payloads of the frame being gathered, keyed by sequence number relative to the first one seen of it
    // (a reordered earlier packet gets a negative key), so the dictionary's order is the frame's order.
    private readonly SortedDictionary<int, (byte[] Payload, int DescriptorLength, bool StartOfFrame)> _packets = new();
    private bool _gathering;
    private uint _timestamp;
    private ushort _firstSequence;
    private int? _markerKey;
    private bool _haveFinished;
    private uint _lastFinishedTimestamp;

    /// <summary>Frames handed out.</summary>
    public long FramesCompleted { get; private set; }

    /// <summary>Frames abandoned because a packet never came.</summary>
    public long FramesDropped { get; private set; }

    /// <summary>Packets not used: no valid descriptor, or belonging to a frame already handed out or abandoned.</summary>
    public long PacketsDiscarded { get; private set; }

    /// <summary>
    /// Adds one packet; returns true with <paramref name="frame"/> when it completed a frame. The payload (the RTP
    /// payload, descriptor included) is copied: it need only be valid during the call.
    /// </summary>
    public bool TryPush(ushort sequenceNumber, uint timestamp, bool marker, ReadOnlySpan<byte> payload, out Vp8Frame frame)
    {
        frame = default;
        if (!Vp8PayloadDescriptor.TryParse(payload, out var descriptor)
            || (_haveFinished && !IsNewer(timestamp, _lastFinishedTimestamp))
            || (_gathering && timestamp != _timestamp && IsNewer(_timestamp, timestamp)))
        {
            // Unparseable, a retransmission or straggler of a frame already out or given up, or a packet of an
            // older frame arriving while a newer one is gathered.
            PacketsDiscarded++;
            return false;
        }

        if (!_gathering || timestamp != _timestamp)
        {
            if (_gathering)
            {
                FramesDropped++;
                Finish();
            }

            _gathering = true;
            _timestamp = timestamp;
            _firstSequence = sequenceNumber;
        }

        int key = (short)(ushort)(sequenceNumber - _firstSequence);
        if (!_packets.TryAdd(key, (payload.ToArray(), descriptor.Length, descriptor.IsStartOfFrame)))
        {
            PacketsDiscarded++;   // a duplicate
            return false;
        }

        if (marker)
        {
            _markerKey = key;
        }

        if (_packets.Count > MaxPacketsPerFrame)
        {
            FramesDropped++;
            Finish();
            return false;
        }

        return TryComplete(out frame);
    }

    /// <summary>Forgets the frame being gathered (counted as dropped) and where the stream was: the next packet starts afresh.</summary>
    public void Reset()
    {
        if (_gathering)
        {
            FramesDropped++;
        }

        _packets.Clear();
        _markerKey = null;
        _gathering = false;
        _haveFinished = false;
    }

    private bool TryComplete(out Vp8Frame frame)
    {
        frame = default;
        if (_markerKey is not int markerKey || _packets.Keys.Max() != markerKey)
        {
            return false;
        }

        int? expected = null;
        int length = 0;
        foreach (var (key, (payload, descriptorLength, startOfFrame)) in _packets)
        {
            if (expected is null ? !startOfFrame : key != expected)
            {
                return false;   // the frame's first packet, or one in the middle, has not arrived yet
            }

            expected = key + 1;
            length += payload.Length - descriptorLength;
        }

        var data = new byte[length];
        int offset = 0;
        foreach (var (payload, descriptorLength, _) in _packets.Values)
        {
            payload.AsSpan(descriptorLength).CopyTo(data.AsSpan(offset));
            offset += payload.Length - descriptorLength;
        }

        frame = new Vp8Frame(_timestamp, Vp8KeyFrame.IsKeyFrame(data), data);
        FramesCompleted++;
        Finish();
        return true;
    }

    private void Finish()
    {
        _packets.Clear();
        _markerKey = null;
        _gathering = false;
        _haveFinished = true;
        _lastFinishedTimestamp = _timestamp;
    }

    /// <summary>RTP timestamps wrap: <paramref name="a"/> is newer than <paramref name="b"/> within half the range.</summary>
    private static bool IsNewer(uint a, uint b) => a != b && (int)(a - b) > 0;
}
