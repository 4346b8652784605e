using System.Buffers.Binary;
using System.Text;

namespace Parley.Testing;

/// <summary>
/// A small, strict reader of the WebM files Parley writes, for tests: it walks the EBML structure (RFC 8794), checks that
/// every element fits in its parent, and collects what a player would look at (DocType, the track, Duration, blocks
/// with their absolute times and key-frame flags, Cues, SeekHead). Throws <see cref="InvalidDataException"/> on a
/// malformed file. Segment and Cluster may have the unknown size (a file cut short while recording).
/// </summary>
public sealed class WebmFile
{
    private const uint EbmlId = 0x1A45DFA3, SegmentId = 0x18538067, SeekHeadId = 0x114D9B74, SeekId = 0x4DBB, SeekIdId = 0x53AB,
        SeekPositionId = 0x53AC, InfoId = 0x1549A966, TimestampScaleId = 0x2AD7B1, DurationId = 0x4489, TracksId = 0x1654AE6B,
        TrackEntryId = 0xAE, TrackNumberId = 0xD7, TrackTypeId = 0x83, CodecIdId = 0x86, CodecPrivateId = 0x63A2, CodecDelayId = 0x56AA,
        SeekPreRollId = 0x56BB, VideoId = 0xE0, PixelWidthId = 0xB0, PixelHeightId = 0xBA, AudioId = 0xE1, SamplingFrequencyId = 0xB5,
        ChannelsId = 0x9F, ClusterId = 0x1F43B675, TimestampId = 0xE7, SimpleBlockId = 0xA3, CuesId = 0x1C53BB6B, CuePointId = 0xBB,
        CueTimeId = 0xB3, CueTrackPositionsId = 0xB7, CueClusterPositionId = 0xF1, DocTypeId = 0x4282, VoidId = 0xEC;

    private readonly byte[] _data;
    private long _segmentDataStart;

    private WebmFile(byte[] data) => _data = data;

    public string DocType { get; private set; } = "";

    public bool SegmentSizeKnown { get; private set; }

    public ulong TimestampScale { get; private set; } = 1_000_000;

    /// <summary>In timestamp-scale units (milliseconds for Parley's files); null when absent.</summary>
    public double? Duration { get; private set; }

    public int TrackCount { get; private set; }

    public ulong TrackType { get; private set; }

    public string CodecId { get; private set; } = "";

    public byte[] CodecPrivate { get; private set; } = [];

    public ulong CodecDelay { get; private set; }

    public ulong SeekPreRoll { get; private set; }

    public int PixelWidth { get; private set; }

    public int PixelHeight { get; private set; }

    public double SamplingFrequency { get; private set; }

    public int Channels { get; private set; }

    public List<WebmBlock> Blocks { get; } = [];

    /// <summary>Cluster positions relative to the segment's data, in file order.</summary>
    public List<long> Clusters { get; } = [];

    public List<(long Time, long ClusterPosition)> Cues { get; } = [];

    /// <summary>SeekHead entries: element id → position relative to the segment's data.</summary>
    public Dictionary<uint, long> SeekHead { get; } = [];

    public static WebmFile Read(string path) => Parse(File.ReadAllBytes(path));

    public static WebmFile Parse(byte[] data)
    {
        var file = new WebmFile(data);
        file.ParseTop();
        return file;
    }

    /// <summary>The id of the element at <paramref name="segmentPosition"/> (relative to the segment's data): checks SeekHead and Cues targets.</summary>
    public uint ElementIdAt(long segmentPosition)
    {
        long at = _segmentDataStart + segmentPosition;
        return ReadId(ref at);
    }

    private void ParseTop()
    {
        long at = 0;
        var (id, size, dataAt, _) = ReadHeader(ref at, _data.Length);
        Expect(id == EbmlId, "the file does not start with an EBML header");
        ForEachChild(dataAt, dataAt + size, (childId, childAt, childSize) =>
        {
            if (childId == DocTypeId)
            {
                DocType = Encoding.ASCII.GetString(_data, (int)childAt, (int)childSize);
            }
        });
        at = dataAt + size;
        var segment = ReadHeader(ref at, _data.Length, allowUnknown: true);
        Expect(segment.Id == SegmentId, "no Segment after the EBML header");
        SegmentSizeKnown = segment.Size >= 0;
        _segmentDataStart = segment.DataAt;
        long end = SegmentSizeKnown ? segment.DataAt + segment.Size : _data.Length;
        Expect(end <= _data.Length, "the Segment runs past the end of the file");
        if (SegmentSizeKnown)
        {
            Expect(end == _data.Length, "bytes after the Segment");
        }

        at = segment.DataAt;
        while (at < end)
        {
            var element = ReadHeader(ref at, end, allowUnknown: true);
            long elementEnd;
            if (element.Size < 0)
            {
                Expect(element.Id == ClusterId, $"element 0x{element.Id:X} has the unknown size");
                elementEnd = FindUnknownClusterEnd(element.DataAt, end);
            }
            else
            {
                elementEnd = element.DataAt + element.Size;
            }

            switch (element.Id)
            {
                case SeekHeadId: ParseSeekHead(element.DataAt, elementEnd); break;
                case InfoId: ParseInfo(element.DataAt, elementEnd); break;
                case TracksId: ParseTracks(element.DataAt, elementEnd); break;
                case ClusterId:
                    Clusters.Add(element.HeaderAt - _segmentDataStart);
                    ParseCluster(element.DataAt, elementEnd);
                    break;
                case CuesId: ParseCues(element.DataAt, elementEnd); break;
            }

            at = elementEnd;
        }
    }

    private long FindUnknownClusterEnd(long from, long end)
    {
        long at = from;
        while (at < end)
        {
            long start = at;
            var element = ReadHeader(ref at, end, allowUnknown: true);
            if (element.Id is ClusterId or CuesId)
            {
                return start;
            }

            Expect(element.Size >= 0, "unknown size inside a cluster");
            at = element.DataAt + element.Size;
        }

        return end;
    }

    private void ParseSeekHead(long from, long end) => ForEachChild(from, end, (id, at, size) =>
    {
        Expect(id is SeekId or VoidId, $"0x{id:X} in SeekHead");
        if (id != SeekId)
        {
            return;
        }

        uint target = 0;
        long position = -1;
        ForEachChild(at, at + size, (childId, childAt, childSize) =>
        {
            if (childId == SeekIdId)
            {
                target = (uint)ReadUnsigned(childAt, childSize);
            }
            else if (childId == SeekPositionId)
            {
                position = (long)ReadUnsigned(childAt, childSize);
            }
        });
        SeekHead[target] = position;
    });

    private void ParseInfo(long from, long end) => ForEachChild(from, end, (id, at, size) =>
    {
        if (id == TimestampScaleId)
        {
            TimestampScale = ReadUnsigned(at, size);
        }
        else if (id == DurationId)
        {
            Duration = size == 8 ? BinaryPrimitives.ReadDoubleBigEndian(_data.AsSpan((int)at)) : BinaryPrimitives.ReadSingleBigEndian(_data.AsSpan((int)at));
        }
    });

    private void ParseTracks(long from, long end) => ForEachChild(from, end, (id, at, size) =>
    {
        if (id != TrackEntryId)
        {
            return;
        }

        TrackCount++;
        ForEachChild(at, at + size, (childId, childAt, childSize) =>
        {
            switch (childId)
            {
                case TrackNumberId: Expect(ReadUnsigned(childAt, childSize) == 1, "track number is not 1"); break;
                case TrackTypeId: TrackType = ReadUnsigned(childAt, childSize); break;
                case CodecIdId: CodecId = Encoding.ASCII.GetString(_data, (int)childAt, (int)childSize); break;
                case CodecPrivateId: CodecPrivate = _data.AsSpan((int)childAt, (int)childSize).ToArray(); break;
                case CodecDelayId: CodecDelay = ReadUnsigned(childAt, childSize); break;
                case SeekPreRollId: SeekPreRoll = ReadUnsigned(childAt, childSize); break;
                case VideoId:
                    ForEachChild(childAt, childAt + childSize, (videoId, videoAt, videoSize) =>
                    {
                        if (videoId == PixelWidthId)
                        {
                            PixelWidth = (int)ReadUnsigned(videoAt, videoSize);
                        }
                        else if (videoId == PixelHeightId)
                        {
                            PixelHeight = (int)ReadUnsigned(videoAt, videoSize);
                        }
                    });
                    break;
                case AudioId:
                    ForEachChild(childAt, childAt + childSize, (audioId, audioAt, audioSize) =>
                    {
                        if (audioId == SamplingFrequencyId)
                        {
                            SamplingFrequency = BinaryPrimitives.ReadDoubleBigEndian(_data.AsSpan((int)audioAt, (int)audioSize));
                        }
                        else if (audioId == ChannelsId)
                        {
                            Channels = (int)ReadUnsigned(audioAt, audioSize);
                        }
                    });
                    break;
            }
        });
    });

    private void ParseCluster(long from, long end)
    {
        long? clusterTime = null;
        ForEachChild(from, end, (id, at, size) =>
        {
            if (id == TimestampId)
            {
                clusterTime = (long)ReadUnsigned(at, size);
            }
            else if (id == SimpleBlockId)
            {
                Expect(clusterTime is not null, "a SimpleBlock before its cluster's Timestamp");
                long blockAt = at;
                var track = ReadVint(ref blockAt, at + size, out _);
                Expect(track == 1, "a block of another track");
                Expect(blockAt + 3 <= at + size, "a SimpleBlock shorter than its header");
                var relative = BinaryPrimitives.ReadInt16BigEndian(_data.AsSpan((int)blockAt));
                var flags = _data[blockAt + 2];
                Expect((flags & 0x06) == 0, "a laced SimpleBlock");
                var payload = _data.AsSpan((int)(blockAt + 3), (int)(at + size - blockAt - 3)).ToArray();
                Blocks.Add(new WebmBlock(clusterTime!.Value + relative, (flags & 0x80) != 0, payload));
            }
        });
    }

    private void ParseCues(long from, long end) => ForEachChild(from, end, (id, at, size) =>
    {
        Expect(id == CuePointId, $"0x{id:X} in Cues");
        long time = -1, position = -1;
        ForEachChild(at, at + size, (childId, childAt, childSize) =>
        {
            if (childId == CueTimeId)
            {
                time = (long)ReadUnsigned(childAt, childSize);
            }
            else if (childId == CueTrackPositionsId)
            {
                ForEachChild(childAt, childAt + childSize, (positionId, positionAt, positionSize) =>
                {
                    if (positionId == CueClusterPositionId)
                    {
                        position = (long)ReadUnsigned(positionAt, positionSize);
                    }
                });
            }
        });
        Cues.Add((time, position));
    });

    private void ForEachChild(long from, long end, Action<uint, long, long> visit)
    {
        long at = from;
        while (at < end)
        {
            var element = ReadHeader(ref at, end);
            visit(element.Id, element.DataAt, element.Size);
            at = element.DataAt + element.Size;
        }

        Expect(at == end, "children overrun their parent");
    }

    private (uint Id, long Size, long DataAt, long HeaderAt) ReadHeader(ref long at, long end, bool allowUnknown = false)
    {
        long headerAt = at;
        var id = ReadId(ref at);
        var size = ReadVint(ref at, end, out var unknown);
        Expect(!unknown || allowUnknown, $"element 0x{id:X} has the unknown size");
        Expect(unknown || at + (long)size <= end, $"element 0x{id:X} at {headerAt} runs past its parent");
        return (id, unknown ? -1 : (long)size, at, headerAt);
    }

    private uint ReadId(ref long at)
    {
        Expect(at < _data.Length, "truncated id");
        var first = _data[at];
        var length = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : first >= 0x10 ? 4 : 0;
        Expect(length > 0 && at + length <= _data.Length, "an invalid element id");
        uint id = 0;
        for (var i = 0; i < length; i++)
        {
            id = (id << 8) | _data[at + i];
        }

        at += length;
        return id;
    }

    private ulong ReadVint(ref long at, long end, out bool unknown)
    {
        Expect(at < end, "truncated size");
        var first = _data[at];
        var length = 1;
        while (length <= 8 && (first & (0x80 >> (length - 1))) == 0)
        {
            length++;
        }

        Expect(length <= 8 && at + length <= end, "an invalid size");
        ulong value = (ulong)(first & (0xFF >> length));
        var allOnes = value == (ulong)(0xFF >> length);
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | _data[at + i];
            allOnes &= _data[at + i] == 0xFF;
        }

        at += length;
        unknown = allOnes;
        return value;
    }

    private ulong ReadUnsigned(long at, long size)
    {
        Expect(size is >= 0 and <= 8, "an unsigned integer longer than 8 bytes");
        ulong value = 0;
        for (var i = 0; i < size; i++)
        {
            value = (value << 8) | _data[at + i];
        }

        return value;
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException("Not a well-formed WebM file: " + problem + ".");
        }
    }
}
