using Parley.Media.Files.Recording;
using Parley.Media.Files.Rtp;
using Parley.Rtp;
using Parley.Server.Media.Rooms;
using Parley.Sfu;

namespace Parley.Server.Media.Recording;

/// <summary>
/// One producer in a recording: a tap on the producer (receive thread: pick the layer, copy, hand to the writer) and,
/// on the writer task, an <see cref="RtpTrackRecorder"/> writing its WebM file. Simulcast: the highest layer that is
/// sending; it moves down at once when that layer stops, and up after a higher one has sent for three checks in a row.
/// </summary>
/// <remarks>
/// <see cref="OnRtp"/> runs on the publisher's receive thread and touches only <see cref="_wantedLayer"/> and the
/// recording's queue. Everything else runs on the writer task, under the recording's lock.
/// </remarks>
internal sealed class RecordingTrack : IProducerTap, IDisposable
{
    private const int UpgradeChecks = 3;

    private readonly RoomRecording _recording;
    private readonly PublishedTrack _track;
    private readonly RtpTrackRecorder _recorder;
    private volatile int _wantedLayer;
    private int _currentLayer = -1;
    private int _upgradeVotes;
    private bool _failed;

    public RecordingTrack(RoomRecording recording, PublishedTrack track, RecordedCodec codec, string fileName, RecordingOptions options)
    {
        _recording = recording;
        _track = track;
        FileName = fileName;
        Codec = codec;
        _wantedLayer = track.Producer.LayerCount - 1;
        var path = Path.Combine(recording.Folder, fileName);
        _recorder = new RtpTrackRecorder(
            new RtpTrackRecorderOptions(codec, track.ClockRate)
            {
                Channels = Math.Clamp(track.Channels ?? 2, 1, 2),
                MaxReorderDelay = options.ReorderDelay,
                StartedAt = recording.StartedAt,
            },
            _ => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024),
            () => track.Producer.RequestKeyFrame(Math.Max(0, _currentLayer)));
        _recorder.FileOpened += _ => recording.OnFileOpened(this);
    }

    public string FileName { get; }

    public RecordedCodec Codec { get; }

    public string ProducerId => _track.ProducerId;

    public Producer Producer => _track.Producer;

    /// <summary>True once the file is finished (the producer left or the recording stopped). Writer side.</summary>
    public bool Finished { get; private set; }

    public bool HasFile => _recorder.HasFile;

    /// <summary>Receive thread: a copy of the packet goes to the writer when it is of the layer being recorded.</summary>
    public void OnRtp(Producer producer, int layer, RtpPacket packet, bool isKeyFrame)
    {
        if (layer == _wantedLayer)
        {
            _recording.Offer(this, layer, packet);
        }
    }

    /// <summary>Writer side: one packet (its buffer is returned here).</summary>
    public void OnPacket(int layer, in RecordedPacket packet)
    {
        if (Finished || _failed)
        {
            packet.Return();
            return;
        }

        try
        {
            if (layer != _currentLayer)
            {
                var restart = _currentLayer >= 0;
                _currentLayer = layer;
                if (restart)
                {
                    _recorder.Restart(packet.Arrival);
                }
            }

            _recorder.Push(packet);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
        }
    }

    /// <summary>Writer side, on the recording's timer.</summary>
    public void Tick(TimeSpan now, bool checkLayers)
    {
        if (Finished || _failed)
        {
            return;
        }

        try
        {
            _recorder.Tick(now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
            return;
        }

        if (checkLayers && _track.Producer.LayerCount > 1)
        {
            ChooseLayer();
        }
    }

    /// <summary>Writer side: what is held is written and the file finished.</summary>
    public void Finish()
    {
        if (Finished)
        {
            return;
        }

        Finished = true;
        try
        {
            _recorder.Finish();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RecordingLog.WriteFailed(_recording.Logger, e, _recording.RecordingId, FileName);
        }
    }

    /// <summary>Writer side: the same as <see cref="Finish"/>.</summary>
    public void Dispose() => Finish();

    /// <summary>Writer side: the file's entry in <c>recording.json</c>; null before the file exists.</summary>
    public RecordingFileInfo? Describe()
    {
        if (!_recorder.HasFile)
        {
            return null;
        }

        var track = _recorder.Track!;
        var first = _recorder.FirstTimestamp ?? TimeSpan.Zero;
        var video = Codec == RecordedCodec.Vp8;
        return new RecordingFileInfo(
            FileName,
            _track.Owner.Identifier,
            _track.Source.ToWire(),
            video ? "video" : "audio",
            video ? "VP8" : "opus",
            video ? "video/webm" : "audio/webm",
            _track.ProducerId,
            video ? track.PixelWidth : null,
            video ? track.PixelHeight : null,
            (long)first.TotalMilliseconds,
            (long)(_recorder.EndTimestamp - first).TotalMilliseconds,
            _recorder.BytesWritten,
            _recorder.FramesWritten,
            Finished && !_failed,
            _recorder.PacketsLost,
            _recorder.FramesSkipped,
            _recorder.KeyFrameRequests);
    }

    /// <summary>The codec of a producer as a recording takes it; null when it cannot be put in WebM as it is.</summary>
    public static RecordedCodec? CodecOf(PublishedTrack track) => track.CodecName.ToUpperInvariant() switch
    {
        "VP8" => RecordedCodec.Vp8,
        "OPUS" => RecordedCodec.Opus,
        _ => null,
    };

    private void ChooseLayer()
    {
        var active = _track.Producer.ActiveLayers;
        var best = -1;
        for (var i = active.Count - 1; i >= 0; i--)
        {
            if (active[i])
            {
                best = i;
                break;
            }
        }

        var wanted = _wantedLayer;
        if (best < 0 || best == wanted)
        {
            _upgradeVotes = 0;
            return;
        }

        if (best > wanted && ++_upgradeVotes < UpgradeChecks && active[wanted])
        {
            return; // a higher layer must send for a while before the file moves up to it
        }

        _upgradeVotes = 0;
        _wantedLayer = best;
        RecordingLog.LayerChosen(_recording.Logger, _recording.RecordingId, FileName, best);
    }

    private void Fail(Exception e)
    {
        _failed = true;
        _track.Producer.RemoveTap(this);
        RecordingLog.WriteFailed(_recording.Logger, e, _recording.RecordingId, FileName);
        try
        {
            _recorder.Finish();
        }
        catch (Exception again) when (again is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The disk is gone; what was written stays as it is.
        }
    }
}
