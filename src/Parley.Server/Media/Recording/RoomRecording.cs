using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Parley.Media.Files.Rtp;
using Parley.Rtp;
using Parley.Server.Media.Rooms;

namespace Parley.Server.Media.Recording;

/// <summary>
/// One running recording of a room, on the node holding the room's media: a <see cref="RecordingTrack"/> (a producer
/// tap and a WebM file) per producer, present and future, and one writer task that does every disk write. The media
/// receive threads only copy packets into a queue; when the writer falls behind by <c>Recording:QueueCapacity</c>
/// packets, new packets are dropped and counted (a video file then waits for its next key frame).
/// </summary>
/// <remarks>
/// Tracks are added and removed from the room's calls (any thread); the writer processes items under <see cref="_gate"/>,
/// which <see cref="Snapshot"/> also takes, so what it reports is consistent. The receive path never takes it.
/// </remarks>
internal sealed class RoomRecording
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);
    private const int LayerCheckTicks = 10;
    private const int MaxBatch = 256;

    private readonly Lock _gate = new();
    private readonly Channel<RecordingItem> _queue = Channel.CreateUnbounded<RecordingItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<RecordingTrack> _tracks = [];
    private readonly Dictionary<string, int> _fileNames = new(StringComparer.Ordinal);
    private readonly RecordingOptions _options;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly string _node;
    private ITimer? _timer;
    private Task? _writer;
    private Task<RecordingInfo>? _stopping;
    private RoomMedia? _room;
    private int _queued;
    private long _packetsDropped;
    private long _dropsLogged;
    private int _ticks;
    private int _tickQueued;
    private bool _manifestDirty;
    private DateTimeOffset? _stoppedAt;
    private string? _stopReason;

    private RoomRecording(RoomMediaKey key, string recordingId, string folder, string node, RecordingOptions options, TimeProvider time, ILogger logger)
    {
        Key = key;
        RecordingId = recordingId;
        Folder = folder;
        _node = node;
        _options = options;
        _time = time;
        Logger = logger;
        StartedAt = time.GetUtcNow();
        _startTimestamp = time.GetTimestamp();
    }

    public RoomMediaKey Key { get; }

    public string RecordingId { get; }

    public string Folder { get; }

    public DateTimeOffset StartedAt { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Creates the recording's folder and <c>recording.json</c> and starts the writer; throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when the folder cannot be written. <see cref="Attach"/> then gives it the room.
    /// </summary>
    public static RoomRecording Start(RoomMediaKey key, RecordingStorage storage, string node, RecordingOptions options, TimeProvider time, ILogger logger)
    {
        var startedAt = time.GetUtcNow();
        var recordingId = RecordingStorage.NewRecordingId(key.RoomId, startedAt);
        var folder = storage.CreateFolder(key.SdkAppId, recordingId);
        var recording = new RoomRecording(key, recordingId, folder, node, options, time, logger);
        RecordingStorage.WriteManifest(folder, recording.Snapshot());
        recording._writer = Task.Run(recording.WriteAsync);
        recording._timer = time.CreateTimer(static state => ((RoomRecording)state!).QueueTick(), recording, TickInterval, TickInterval);
        RecordingLog.Started(logger, recordingId, key.SdkAppId, key.RoomId, folder);
        return recording;
    }

    /// <summary>Starts taking the room's producers: those present now, and (through the room) every one that comes later.</summary>
    public void Attach(RoomMedia room)
    {
        _room = room;
        room.Recording = this;
        foreach (var track in room.PublishedTracks())
        {
            AddTrack(track);
        }
    }

    /// <summary>A producer to record (a new file); a producer already recorded is ignored. Any thread.</summary>
    public void AddTrack(PublishedTrack track)
    {
        RecordingTrack recorded;
        lock (_gate)
        {
            if (_stopping is not null || _tracks.Any(existing => existing.ProducerId == track.ProducerId))
            {
                return;
            }

            if (RecordingTrack.CodecOf(track) is not { } codec)
            {
                RecordingLog.CodecNotRecorded(Logger, RecordingId, track.ProducerId, track.Owner.Identifier, track.CodecName);
                return;
            }

            var stem = RecordingStorage.FileNameFor(track.Owner.Identifier, track.Source.ToWire(), 1);
            _fileNames[stem] = _fileNames.GetValueOrDefault(stem) + 1;
            var fileName = RecordingStorage.FileNameFor(track.Owner.Identifier, track.Source.ToWire(), _fileNames[stem]);
            recorded = new RecordingTrack(this, track, codec, fileName, _options);
            _tracks.Add(recorded);
        }

        try
        {
            track.Producer.AddTap(recorded);
        }
        catch (InvalidOperationException)
        {
            RemoveTrack(track); // it closed meanwhile
        }
    }

    /// <summary>The producer left: its file is finished (after the packets already queued). Any thread.</summary>
    public void RemoveTrack(PublishedTrack track)
    {
        RecordingTrack? recorded;
        lock (_gate)
        {
            recorded = _tracks.FirstOrDefault(existing => existing.ProducerId == track.ProducerId && !existing.Finished);
        }

        if (recorded is not null)
        {
            track.Producer.RemoveTap(recorded);
            _queue.Writer.TryWrite(RecordingItem.ForClose(recorded));
        }
    }

    /// <summary>
    /// Receive thread: a copy of <paramref name="packet"/> for the writer, unless the queue is full (then dropped and
    /// counted). The copy's buffer is rented here and returned by the writer.
    /// </summary>
    public void Offer(RecordingTrack track, int layer, RtpPacket packet)
    {
        if (Interlocked.Increment(ref _queued) > _options.QueueCapacity)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _packetsDropped);
            return;
        }

        var copy = RecordedPacket.Copy(packet.SequenceNumber, packet.Timestamp, packet.Marker, _time.GetElapsedTime(_startTimestamp), packet.Payload);
        if (!_queue.Writer.TryWrite(RecordingItem.ForPacket(track, layer, copy)))
        {
            copy.Return(); // stopped meanwhile
            Interlocked.Decrement(ref _queued);
        }
    }

    /// <summary>What the recording is now: every file started so far with its size and duration.</summary>
    public RecordingInfo Snapshot()
    {
        lock (_gate)
        {
            return SnapshotLocked();
        }
    }

    /// <summary>
    /// Stops: no more packets are taken, the writer writes what is queued, every file is finished and
    /// <c>recording.json</c> says so. Idempotent; the first reason given is kept.
    /// </summary>
    public Task<RecordingInfo> StopAsync(string reason)
    {
        lock (_gate)
        {
            if (_stopping is null)
            {
                _stopReason = reason;
                _stopping = StopCoreAsync();
            }

            return _stopping;
        }
    }

    /// <summary>Writer side: a track's file was created, so <c>recording.json</c> lists it.</summary>
    internal void OnFileOpened(RecordingTrack track)
    {
        _manifestDirty = true;
        RecordingLog.FileStarted(Logger, RecordingId, track.FileName, track.Codec.ToString());
    }

    private async Task<RecordingInfo> StopCoreAsync()
    {
        await Task.Yield(); // never run the rest under the caller's lock
        if (_room is { } room && ReferenceEquals(room.Recording, this))
        {
            room.Recording = null;
        }

        List<RecordingTrack> tracks;
        lock (_gate)
        {
            tracks = [.. _tracks];
        }

        foreach (var track in tracks)
        {
            track.Producer.RemoveTap(track);
        }

        _timer?.Dispose();
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }

        RecordingInfo info;
        lock (_gate)
        {
            _stoppedAt = _time.GetUtcNow();
            info = SnapshotLocked();
        }

        try
        {
            RecordingStorage.WriteManifest(Folder, info);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RecordingLog.ManifestFailed(Logger, e, RecordingId);
        }

        RecordingLog.Stopped(Logger, RecordingId, _stopReason ?? RecordingStopReasons.Requested, info.Files.Count, info.PacketsDropped);
        return info;
    }

    private void QueueTick()
    {
        // One tick in the queue at a time: a writer that fell behind does not need a pile of them.
        if (Interlocked.Exchange(ref _tickQueued, 1) == 0 && !_queue.Writer.TryWrite(RecordingItem.Tick))
        {
            Volatile.Write(ref _tickQueued, 0);
        }
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // A bounded batch per turn of the lock, so a snapshot (an admin call) never waits behind a long backlog.
            var batch = 0;
            lock (_gate)
            {
                while (batch++ < MaxBatch && reader.TryRead(out var item))
                {
                    try
                    {
                        Handle(item);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        RecordingLog.WriterFailed(Logger, e, RecordingId);
                    }
                }

                if (_manifestDirty)
                {
                    _manifestDirty = false;
                    TryWriteManifestLocked();
                }
            }
        }

        lock (_gate)
        {
            foreach (var track in _tracks)
            {
                track.Finish();
            }
        }
    }

    private void Handle(in RecordingItem item)
    {
        switch (item.Kind)
        {
            case RecordingItemKind.Packet:
                Interlocked.Decrement(ref _queued);
                item.Track!.OnPacket(item.Layer, item.Packet);
                break;
            case RecordingItemKind.Close:
                item.Track!.Finish();
                _manifestDirty = true;
                break;
            case RecordingItemKind.Tick:
                Volatile.Write(ref _tickQueued, 0);
                var now = _time.GetElapsedTime(_startTimestamp);
                var checkLayers = ++_ticks % LayerCheckTicks == 0;
                foreach (var track in _tracks)
                {
                    track.Tick(now, checkLayers);
                }

                var dropped = Interlocked.Read(ref _packetsDropped);
                if (checkLayers && dropped > _dropsLogged)
                {
                    _dropsLogged = dropped;
                    RecordingLog.PacketsDropped(Logger, RecordingId, dropped);
                }

                break;
        }
    }

    private void TryWriteManifestLocked()
    {
        try
        {
            RecordingStorage.WriteManifest(Folder, SnapshotLocked());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RecordingLog.ManifestFailed(Logger, e, RecordingId);
        }
    }

    private RecordingInfo SnapshotLocked() => new(
        RecordingId,
        Key.SdkAppId,
        Key.RoomId,
        _stoppedAt is null ? RecordingStates.Recording : RecordingStates.Stopped,
        StartedAt,
        _stoppedAt,
        _stoppedAt is null ? null : _stopReason,
        _node,
        [.. _tracks.Select(track => track.Describe()).OfType<RecordingFileInfo>()],
        Interlocked.Read(ref _packetsDropped));
}
