using System.Buffers.Binary;
using Parley.Media.Files.Ebml;

namespace Parley.Media.Files.Webm;

/// <summary>
/// Writes a WebM file (Matroska subset, RFC 9559) of one VP8 or Opus track: EBML header, a Segment with Info and
/// Tracks, Clusters of SimpleBlocks (millisecond timestamps), and on <see cref="Finish"/> Cues (one per cluster that
/// starts with a key frame), the Duration and a SeekHead, with every size filled in.
/// </summary>
/// <remarks>
/// Until it is finished, the Segment and the open Cluster have the "unknown" size (RFC 8794 §6.2), so a file cut short
/// by a crash still plays up to its last whole block, like a live stream. Finishing needs a seekable stream to go back
/// and fill in sizes; on a stream that cannot seek the sizes stay unknown and the Cues are still appended.
/// Blocks must come in timestamp order (an earlier one is written at the previous block's time). Not thread-safe.
/// </remarks>
public sealed class WebmWriter : IDisposable
{
    /// <summary>Timestamps are in milliseconds (TimestampScale 1,000,000 ns), as WebM muxers usually write them.</summary>
    public const ulong TimestampScaleNanoseconds = 1_000_000;

    /// <summary>A new cluster starts at least this often, so a long stretch without key frames still has clusters to skip.</summary>
    public static readonly TimeSpan MaxClusterDuration = TimeSpan.FromSeconds(5);

    private const int SeekHeadReserve = 128;
    private const int DurationElementLength = 11; // 2-byte id, 1-byte size, 8-byte float

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly WebmTrack _track;
    private readonly bool _seekable;
    private readonly long _origin;
    private readonly EbmlBuffer _scratch = new(64);
    private readonly List<(long TimeMs, long ClusterPosition)> _cues = [];
    private long _position;
    private long _segmentSizeAt;
    private long _segmentDataStart;
    private long _seekHeadAt;
    private long _infoPosition;
    private long _tracksPosition;
    private long _durationAt;
    private bool _clusterOpen;
    private long _clusterSizeAt;
    private long _clusterTimeMs;
    private int _clusterBlocks;
    private long _firstTimeMs = -1;
    private long _lastTimeMs = -1;
    private long _lastDeltaMs;
    private bool _finished;

    /// <param name="stream">Where the file goes, from its current position.</param>
    /// <param name="track">The one track.</param>
    /// <param name="createdAt">Written as the segment's DateUTC when given.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open when the writer is disposed.</param>
    public WebmWriter(Stream stream, WebmTrack track, DateTimeOffset? createdAt = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(track);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _track = track;
        _seekable = stream.CanSeek;
        _origin = _seekable ? stream.Position : 0;
        WriteHeader(createdAt);
    }

    public WebmTrack Track => _track;

    public long FramesWritten { get; private set; }

    public long KeyFramesWritten { get; private set; }

    /// <summary>Bytes of the file so far.</summary>
    public long BytesWritten => _position;

    /// <summary>The first block's timestamp; null before the first frame.</summary>
    public TimeSpan? FirstTimestamp => _firstTimeMs < 0 ? null : TimeSpan.FromMilliseconds(_firstTimeMs);

    /// <summary>Where the file ends on the timeline: the last block's time plus the gap before it (an estimate of its length).</summary>
    public TimeSpan EndTimestamp => _lastTimeMs < 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(_lastTimeMs + _lastDeltaMs);

    public bool IsFinished => _finished;

    /// <summary>
    /// Appends one frame (a whole VP8 frame or one Opus packet) at <paramref name="timestamp"/> on the file's
    /// timeline. <paramref name="keyFrame"/> marks VP8 key frames; every Opus packet is one.
    /// </summary>
    public void WriteFrame(TimeSpan timestamp, bool keyFrame, ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        var timeMs = Math.Max(0, (long)timestamp.TotalMilliseconds);
        if (_lastTimeMs >= 0)
        {
            timeMs = Math.Max(timeMs, _lastTimeMs);
            _lastDeltaMs = timeMs - _lastTimeMs;
        }
        else
        {
            _firstTimeMs = timeMs;
        }

        var isKey = keyFrame || _track.Kind == WebmTrackKind.Audio;
        var relative = timeMs - _clusterTimeMs;
        if (!_clusterOpen
            || (_track.Kind == WebmTrackKind.Video && keyFrame && _clusterBlocks > 0)
            || relative >= (long)MaxClusterDuration.TotalMilliseconds
            || relative > short.MaxValue)
        {
            StartCluster(timeMs, isKey);
            relative = 0;
        }

        // SimpleBlock (RFC 9559 §10.2): track number as a vint, 16-bit timestamp relative to the cluster, flags.
        _scratch.Clear();
        _scratch.WriteId(EbmlIds.SimpleBlock);
        _scratch.WriteSize((ulong)(4 + frame.Length));
        Span<byte> blockHeader = stackalloc byte[4];
        blockHeader[0] = 0x81; // track 1
        BinaryPrimitives.WriteInt16BigEndian(blockHeader[1..], (short)relative);
        blockHeader[3] = isKey ? (byte)0x80 : (byte)0x00;
        _scratch.WriteBytes(blockHeader);
        Append(_scratch.WrittenSpan);
        Append(frame);
        _clusterBlocks++;
        _lastTimeMs = timeMs;
        FramesWritten++;
        if (keyFrame)
        {
            KeyFramesWritten++;
        }
    }

    /// <summary>Closes the last cluster, appends the Cues and fills in sizes, duration and the SeekHead. Idempotent.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        CloseCluster();
        long cuesPosition = -1;
        if (_cues.Count > 0)
        {
            cuesPosition = _position - _segmentDataStart;
            var cues = new EbmlBuffer(32 + (_cues.Count * 48));
            var cuesAt = cues.StartMaster(EbmlIds.Cues);
            foreach (var (timeMs, cluster) in _cues)
            {
                var pointAt = cues.StartMaster(EbmlIds.CuePoint);
                cues.WriteUnsigned(EbmlIds.CueTime, (ulong)timeMs);
                var positionsAt = cues.StartMaster(EbmlIds.CueTrackPositions);
                cues.WriteUnsigned(EbmlIds.CueTrack, 1);
                cues.WriteUnsigned(EbmlIds.CueClusterPosition, (ulong)cluster);
                cues.EndMaster(positionsAt);
                cues.EndMaster(pointAt);
            }

            cues.EndMaster(cuesAt);
            Append(cues.WrittenSpan);
        }

        if (_seekable)
        {
            var end = _position;
            var size = new byte[8];
            EbmlBuffer.WriteVint(size, (ulong)(end - _segmentDataStart), 8);
            Overwrite(_segmentSizeAt, size);

            var duration = new EbmlBuffer(DurationElementLength);
            duration.WriteFloat(EbmlIds.Duration, _lastTimeMs < 0 ? 0 : _lastTimeMs + _lastDeltaMs);
            Overwrite(_durationAt, duration.WrittenSpan);

            var seekHead = new EbmlBuffer(SeekHeadReserve);
            var headAt = seekHead.StartMaster(EbmlIds.SeekHead);
            WriteSeek(seekHead, EbmlIds.Info, _infoPosition);
            WriteSeek(seekHead, EbmlIds.Tracks, _tracksPosition);
            if (cuesPosition >= 0)
            {
                WriteSeek(seekHead, EbmlIds.Cues, cuesPosition);
            }

            seekHead.EndMaster(headAt);
            seekHead.WriteVoid(SeekHeadReserve - seekHead.Length);
            Overwrite(_seekHeadAt, seekHead.WrittenSpan);
            _stream.Seek(_origin + end, SeekOrigin.Begin);
        }

        _stream.Flush();
    }

    /// <summary>Finishes the file and, unless it was given <c>leaveOpen</c>, closes the stream.</summary>
    public void Dispose()
    {
        try
        {
            Finish();
        }
        finally
        {
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private void WriteHeader(DateTimeOffset? createdAt)
    {
        var header = new EbmlBuffer(512);
        var ebmlAt = header.StartMaster(EbmlIds.Ebml);
        header.WriteUnsigned(EbmlIds.EbmlVersion, 1);
        header.WriteUnsigned(EbmlIds.EbmlReadVersion, 1);
        header.WriteUnsigned(EbmlIds.EbmlMaxIdLength, 4);
        header.WriteUnsigned(EbmlIds.EbmlMaxSizeLength, 8);
        header.WriteString(EbmlIds.DocType, "webm");
        header.WriteUnsigned(EbmlIds.DocTypeVersion, 4);
        header.WriteUnsigned(EbmlIds.DocTypeReadVersion, 2); // SimpleBlock needs a version 2 reader
        header.EndMaster(ebmlAt);

        header.WriteId(EbmlIds.Segment);
        _segmentSizeAt = header.Length;
        header.WriteSize(EbmlBuffer.UnknownSize8, 8);
        _segmentDataStart = header.Length;

        // Room for the SeekHead, written on Finish when the Cues' position is known.
        _seekHeadAt = header.Length;
        header.WriteVoid(SeekHeadReserve);

        _infoPosition = header.Length - _segmentDataStart;
        var infoAt = header.StartMaster(EbmlIds.Info);
        header.WriteUnsigned(EbmlIds.TimestampScale, TimestampScaleNanoseconds);
        header.WriteString(EbmlIds.MuxingApp, "Parley");
        header.WriteString(EbmlIds.WritingApp, "Parley");
        if (createdAt is { } date)
        {
            // Nanoseconds since 2001-01-01T00:00:00 UTC (RFC 9559 §5.1.2.8).
            var epoch = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
            header.WriteSigned8(EbmlIds.DateUtc, (date - epoch).Ticks * 100);
        }

        // The Duration is unknown until the end: a Void of its size holds its place.
        _durationAt = header.Length;
        header.WriteVoid(DurationElementLength);
        header.EndMaster(infoAt);

        _tracksPosition = header.Length - _segmentDataStart;
        var tracksAt = header.StartMaster(EbmlIds.Tracks);
        var entryAt = header.StartMaster(EbmlIds.TrackEntry);
        header.WriteUnsigned(EbmlIds.TrackNumber, 1);
        header.WriteUnsigned(EbmlIds.TrackUid, (ulong)Random.Shared.NextInt64(1, long.MaxValue));
        header.WriteUnsigned(EbmlIds.TrackType, (ulong)_track.Kind);
        header.WriteUnsigned(EbmlIds.FlagLacing, 0);
        header.WriteString(EbmlIds.Language, "und");
        header.WriteString(EbmlIds.CodecId, _track.CodecId);
        if (!_track.CodecPrivate.IsEmpty)
        {
            header.WriteBinary(EbmlIds.CodecPrivate, _track.CodecPrivate.Span);
        }

        if (_track.CodecDelayNanoseconds > 0)
        {
            header.WriteUnsigned(EbmlIds.CodecDelay, _track.CodecDelayNanoseconds);
        }

        if (_track.SeekPreRollNanoseconds > 0)
        {
            header.WriteUnsigned(EbmlIds.SeekPreRoll, _track.SeekPreRollNanoseconds);
        }

        if (_track.Kind == WebmTrackKind.Video)
        {
            var videoAt = header.StartMaster(EbmlIds.Video);
            header.WriteUnsigned(EbmlIds.PixelWidth, (ulong)_track.PixelWidth);
            header.WriteUnsigned(EbmlIds.PixelHeight, (ulong)_track.PixelHeight);
            header.EndMaster(videoAt);
        }
        else
        {
            var audioAt = header.StartMaster(EbmlIds.Audio);
            header.WriteFloat(EbmlIds.SamplingFrequency, _track.SamplingFrequency);
            header.WriteUnsigned(EbmlIds.Channels, (ulong)_track.Channels);
            header.EndMaster(audioAt);
        }

        header.EndMaster(entryAt);
        header.EndMaster(tracksAt);
        Append(header.WrittenSpan);
    }

    private void StartCluster(long timeMs, bool startsWithKeyFrame)
    {
        CloseCluster();
        var clusterPosition = _position - _segmentDataStart;
        _scratch.Clear();
        _scratch.WriteId(EbmlIds.Cluster);
        _clusterSizeAt = _position + _scratch.Length;
        _scratch.WriteSize(EbmlBuffer.UnknownSize8, 8);
        _scratch.WriteUnsigned(EbmlIds.Timestamp, (ulong)timeMs);
        Append(_scratch.WrittenSpan);
        _clusterOpen = true;
        _clusterTimeMs = timeMs;
        _clusterBlocks = 0;
        if (startsWithKeyFrame)
        {
            _cues.Add((timeMs, clusterPosition));
        }
    }

    private void CloseCluster()
    {
        if (!_clusterOpen)
        {
            return;
        }

        _clusterOpen = false;
        if (_seekable)
        {
            Span<byte> size = stackalloc byte[8];
            EbmlBuffer.WriteVint(size, (ulong)(_position - _clusterSizeAt - 8), 8);
            Overwrite(_clusterSizeAt, size);
            _stream.Seek(_origin + _position, SeekOrigin.Begin);
        }
    }

    private static void WriteSeek(EbmlBuffer buffer, uint id, long position)
    {
        var seekAt = buffer.StartMaster(EbmlIds.Seek);
        Span<byte> idBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(idBytes, id);
        buffer.WriteBinary(EbmlIds.SeekId, idBytes[(4 - EbmlBuffer.IdLength(id))..]);
        buffer.WriteUnsignedFixed(EbmlIds.SeekPosition, (ulong)position, 8);
        buffer.EndMaster(seekAt);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _position += bytes.Length;
    }

    private void Overwrite(long at, ReadOnlySpan<byte> bytes)
    {
        _stream.Seek(_origin + at, SeekOrigin.Begin);
        _stream.Write(bytes);
    }
}
