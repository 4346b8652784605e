using Parley.Media.Files.Codecs;
using Parley.Media.Files.Rtp;
using Parley.Media.Files.Webm;

namespace Parley.Media.Files.Recording;

/// <summary>
/// Records one RTP stream (VP8 or Opus) into a WebM file: packets in arrival order go through a reorder window,
/// VP8 frames are reassembled, and each frame is written at its RTP time on the recording's timeline (time since the
/// recording started: the first frame at its arrival time, the rest by the RTP clock). After a lost packet a video
/// recording drops frames until the next key frame and asks for one; audio just goes on (the gap keeps its time).
/// The file is created at the first frame it can start with: a VP8 key frame (whose header gives the picture size)
/// or any Opus packet.
/// </summary>
/// <remarks>Not thread-safe: one thread (a writer task, away from the media receive path) drives it.</remarks>
public sealed class RtpTrackRecorder : IDisposable
{
    private readonly RtpTrackRecorderOptions _options;
    private readonly Func<WebmTrack, Stream> _openFile;
    private readonly Action _requestKeyFrame;
    private readonly RtpReorderBuffer _reorder;
    private readonly Vp8FrameAssembler? _vp8;
    private WebmWriter? _writer;
    private bool _waitingForKeyFrame;
    private TimeSpan? _lastKeyFrameRequest;
    private bool _anchored;
    private long _anchorRtp;
    private TimeSpan _anchorTime;
    private long _extendedTimestamp;
    private uint _lastTimestamp;
    private bool _haveTimestamp;
    private bool _finished;

    /// <param name="options">Codec, clock rate and timing.</param>
    /// <param name="openFile">Creates the file's stream when the first usable frame arrives; the recorder owns and closes it.</param>
    /// <param name="requestKeyFrame">Asks the sender for a key frame (video); called from the recorder's thread.</param>
    public RtpTrackRecorder(RtpTrackRecorderOptions options, Func<WebmTrack, Stream> openFile, Action requestKeyFrame)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(openFile);
        ArgumentNullException.ThrowIfNull(requestKeyFrame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ClockRate);
        _options = options;
        _openFile = openFile;
        _requestKeyFrame = requestKeyFrame;
        _reorder = new RtpReorderBuffer(options.ReorderCapacity, options.MaxReorderDelay);
        if (options.Codec == RecordedCodec.Vp8)
        {
            _vp8 = new Vp8FrameAssembler();
            _waitingForKeyFrame = true;
        }
    }

    /// <summary>Raised once, when the file has been created (its first frame is being written).</summary>
    public event Action<RtpTrackRecorder>? FileOpened;

    public RecordedCodec Codec => _options.Codec;

    public bool HasFile => _writer is not null;

    public WebmTrack? Track => _writer?.Track;

    public long FramesWritten => _writer?.FramesWritten ?? 0;

    public long KeyFramesWritten => _writer?.KeyFramesWritten ?? 0;

    public long BytesWritten => _writer?.BytesWritten ?? 0;

    /// <summary>Where the file starts on the recording's timeline (its first frame); null before it exists.</summary>
    public TimeSpan? FirstTimestamp => _writer?.FirstTimestamp;

    /// <summary>Where the file ends on the recording's timeline.</summary>
    public TimeSpan EndTimestamp => _writer?.EndTimestamp ?? TimeSpan.Zero;

    /// <summary>Video frames not written because a key frame was awaited (after a loss, before the first key frame).</summary>
    public long FramesSkipped { get; private set; }

    public long KeyFrameRequests { get; private set; }

    public long PacketsLost => _reorder.PacketsLost;

    public long PacketsLate => _reorder.PacketsLate;

    /// <summary>Frames the VP8 reassembly gave up (a packet of them never came).</summary>
    public long FramesIncomplete => _vp8?.FramesDropped ?? 0;

    /// <summary>Takes one packet (and its buffer: it is returned to the pool here, at once or after use).</summary>
    public void Push(in RecordedPacket packet)
    {
        if (_finished || !_reorder.TryAdd(packet, packet.Arrival))
        {
            packet.Return();
            return;
        }

        Drain(packet.Arrival);
    }

    /// <summary>Periodic work at <paramref name="now"/> (the recording's timeline): holes that waited long enough are given up, key frames asked for again.</summary>
    public void Tick(TimeSpan now)
    {
        if (_finished)
        {
            return;
        }

        _reorder.Poll(now);
        Drain(now);
    }

    /// <summary>
    /// The packets from now on are another stream (a simulcast layer switch): what is held is dropped, and video waits
    /// for a key frame of the new stream, whose time is anchored at its arrival.
    /// </summary>
    public void Restart(TimeSpan now)
    {
        // What the old stream still holds goes into the file first.
        _reorder.Flush();
        Drain(TimeSpan.MaxValue);
        _reorder.Clear();
        _vp8?.Reset();
        _haveTimestamp = false;
        _anchored = false;
        if (_vp8 is not null)
        {
            _waitingForKeyFrame = true;
            _lastKeyFrameRequest = null;
            RequestKeyFrame(now);
        }
    }

    /// <summary>Writes what is still held (giving up on holes) and finishes the file. Idempotent.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        _reorder.Flush();
        Drain(TimeSpan.MaxValue);
        _finished = true;
        _reorder.Clear();
        _writer?.Dispose();
    }

    public void Dispose() => Finish();

    private void Drain(TimeSpan now)
    {
        while (_reorder.TryDequeue(out var packet, out var lostBefore))
        {
            try
            {
                Handle(packet, lostBefore);
            }
            finally
            {
                packet.Return();
            }
        }

        if (_waitingForKeyFrame && now != TimeSpan.MaxValue)
        {
            RequestKeyFrame(now);
        }
    }

    private void Handle(in RecordedPacket packet, int lostBefore)
    {
        if (_vp8 is null)
        {
            // Opus: one packet is one frame; a loss leaves a gap in time, which the decoder conceals.
            if (packet.Length > 0)
            {
                Write(packet.Timestamp, packet.Arrival, keyFrame: true, packet.Payload);
            }

            return;
        }

        if (lostBefore > 0 && !_waitingForKeyFrame)
        {
            // A frame after a lost packet may reference what was lost: nothing until the next key frame.
            _waitingForKeyFrame = true;
            _lastKeyFrameRequest = null;
            RequestKeyFrame(packet.Arrival);
        }

        if (!_vp8.TryPush(packet.SequenceNumber, packet.Timestamp, packet.Marker, packet.Payload, out var frame))
        {
            return;
        }

        if (_waitingForKeyFrame)
        {
            if (!frame.IsKeyFrame || (_writer is null && !Vp8KeyFrame.TryGetSize(frame.Data, out _, out _)))
            {
                FramesSkipped++;
                return;
            }

            _waitingForKeyFrame = false;
        }

        Write(frame.Timestamp, packet.Arrival, frame.IsKeyFrame, frame.Data);
    }

    private void Write(uint rtpTimestamp, TimeSpan arrival, bool keyFrame, ReadOnlySpan<byte> frame)
    {
        var time = Timeline(rtpTimestamp, arrival);
        if (_writer is null)
        {
            var track = _vp8 is null
                ? WebmTrack.Opus(_options.Channels)
                : Vp8KeyFrame.TryGetSize(frame, out var width, out var height) ? WebmTrack.Vp8(width, height) : null;
            if (track is null)
            {
                return;
            }

            _writer = new WebmWriter(_openFile(track), track, _options.StartedAt);
            FileOpened?.Invoke(this);
        }

        _writer.WriteFrame(time, keyFrame, frame);
    }

    /// <summary>The frame's place on the recording's timeline: the anchor's arrival time plus RTP time since the anchor.</summary>
    private TimeSpan Timeline(uint rtpTimestamp, TimeSpan arrival)
    {
        _extendedTimestamp = _haveTimestamp ? _extendedTimestamp + (int)(rtpTimestamp - _lastTimestamp) : rtpTimestamp;
        _lastTimestamp = rtpTimestamp;
        _haveTimestamp = true;
        if (!_anchored)
        {
            Anchor(arrival);
        }

        var time = _anchorTime + TimeSpan.FromSeconds((double)(_extendedTimestamp - _anchorRtp) / _options.ClockRate);
        if ((time - arrival).Duration() > _options.MaxClockDrift)
        {
            Anchor(arrival);
            time = arrival;
        }

        return time;
    }

    private void Anchor(TimeSpan arrival)
    {
        _anchored = true;
        _anchorRtp = _extendedTimestamp;
        // After a restart the new stream continues where the file is, never before it.
        _anchorTime = _writer is null ? arrival : TimeSpan.FromTicks(Math.Max(arrival.Ticks, _writer.EndTimestamp.Ticks));
    }

    private void RequestKeyFrame(TimeSpan now)
    {
        if (_lastKeyFrameRequest is { } last && now - last < _options.KeyFrameRetryInterval)
        {
            return;
        }

        _lastKeyFrameRequest = now;
        KeyFrameRequests++;
        _requestKeyFrame();
    }
}
