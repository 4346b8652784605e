namespace Parley.Client.Media;

/// <summary>
/// Reassembles VP8 frames from the RTP packets of one stream (RFC 7741 §4): a frame is the packets sharing one RTP
/// timestamp, from the one that starts partition 0 (S=1, PID=0) to the one with the marker bit, with no sequence
/// number missing in between. Packets may arrive reordered within a frame; a frame still incomplete when a packet
/// of a later frame arrives is dropped and counted, so a receiver never gets a frame with a hole in it.
/// </summary>
/// <remarks>Not thread-safe: feed it from the one thread that receives the stream.</remarks>
public sealed class Vp8Depacketizer
{
    /// <summary>More packets than this in one frame means the stream is broken; the frame is dropped.</summary>
    public const int MaxPacketsPerFrame = 2048;

    // The payloads of the frame being gathered, keyed by sequence number relative to the first one seen of it
    // (a reordered earlier packet gets a negative key), so the dictionary's order is the frame's order.
    private readonly SortedDictionary<int, byte[]> _packets = new();
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
    public bool TryPush(ushort sequenceNumber, uint timestamp, bool marker, ReadOnlySpan<byte> payload, out EncodedFrame? frame)
    {
        frame = null;
        if (!Vp8Packetizer.TryGetDescriptorLength(payload, out _, out _)
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
        if (!_packets.TryAdd(key, payload.ToArray()))
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

    private bool TryComplete(out EncodedFrame? frame)
    {
        frame = null;
        if (_markerKey is not int markerKey || _packets.Keys.Max() != markerKey)
        {
            return false;
        }

        int? expected = null;
        int length = 0;
        foreach (var (key, payload) in _packets)
        {
            Vp8Packetizer.TryGetDescriptorLength(payload, out int descriptorLength, out bool startOfPartition);
            if (expected is null ? !startOfPartition : key != expected)
            {
                return false;   // the frame's first packet, or one in the middle, has not arrived yet
            }

            expected = key + 1;
            length += payload.Length - descriptorLength;
        }

        var data = new byte[length];
        int offset = 0;
        bool keyFrame = false;
        foreach (var payload in _packets.Values)
        {
            Vp8Packetizer.TryGetDescriptorLength(payload, out int descriptorLength, out _);
            if (offset == 0 && payload.Length > descriptorLength)
            {
                // RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame.
                keyFrame = (payload[descriptorLength] & 0x01) == 0;
            }

            payload.AsSpan(descriptorLength).CopyTo(data.AsSpan(offset));
            offset += payload.Length - descriptorLength;
        }

        frame = new EncodedFrame(_timestamp, keyFrame, data);
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
