using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Protocol.Errors;
using Parley.Server.Media.Recording;
using Parley.Server.Media.Rooms;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// The room's recording (docs/recording.md), kept by the room's media grain so it runs beside the room's router. A
/// recording keeps the activation (and the router) alive while nobody is in the room's media, until it stops: by the
/// admin API, after <c>Recording:IdleTimeout</c> with nobody in it, after <c>Recording:MaxDuration</c>, or when the
/// node shuts down.
/// </summary>
internal sealed partial class RoomMediaGrain : IRoomRecordingGrain
{
    private RoomRecording? _recording;
    private RoomMedia? _recordingRoom;
    private ITimer? _recordingIdleTimer;
    private ITimer? _recordingMaxTimer;
    private long _recordingIdleGeneration;

    public Task<RecordingStartResult> StartRecording()
    {
        if (_recording is { } running)
        {
            return Task.FromResult(new RecordingStartResult(running.Snapshot(), ErrorCodes.RecordingAlreadyStarted,
                $"Room {_key.RoomId} is being recorded already ({running.RecordingId})."));
        }

        var services = ServiceProvider;
        var storage = services.GetRequiredService<RecordingStorage>();
        var options = services.GetRequiredService<IOptions<RecordingOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var room = registry.HoldForRecording(_key);
        RoomRecording recording;
        try
        {
            recording = RoomRecording.Start(_key, storage, _node, options, time, logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RecordingLog.StartFailed(logger, e, _key.SdkAppId, _key.RoomId, storage.Root);
            registry.ReleaseFromRecording(room);
            DeactivateWhenEmpty();
            return Task.FromResult(new RecordingStartResult(null, ErrorCodes.RecordingStorageFailed,
                "The recording folder cannot be written on the room's media node (Recording:Directory)."));
        }

        recording.Attach(room);
        services.GetRequiredService<LocalRecordings>().Add(recording);
        _recording = recording;
        _recordingRoom = room;
        var self = this.AsReference<IRoomRecordingGrain>();
        var recordingId = recording.RecordingId;
        _recordingMaxTimer = time.CreateTimer(
            _ => CallBack(self.StopRecordingIfDue(recordingId, -1, RecordingStopReasons.MaxDuration), RecordingStopReasons.MaxDuration),
            null, options.MaxDuration, Timeout.InfiniteTimeSpan);
        if (_stays.Count == 0)
        {
            ArmRecordingIdleTimer();
        }

        return Task.FromResult(new RecordingStartResult(recording.Snapshot(), 0, null));
    }

    public async Task<RecordingInfo?> StopRecording(string reason)
    {
        if (_recording is not { } recording)
        {
            DeactivateWhenEmpty();
            return null;
        }

        var room = _recordingRoom!;
        _recording = null;
        _recordingRoom = null;
        CancelRecordingIdleTimer();
        _recordingMaxTimer?.Dispose();
        _recordingMaxTimer = null;
        RecordingInfo info;
        try
        {
            info = await recording.StopAsync(reason);
        }
        finally
        {
            ServiceProvider.GetRequiredService<LocalRecordings>().Remove(recording);
            registry.ReleaseFromRecording(room);
        }

        DeactivateWhenEmpty();
        return info;
    }

    public Task<RecordingInfo?> GetRecording()
    {
        if (_recording is { } recording)
        {
            return Task.FromResult<RecordingInfo?>(recording.Snapshot());
        }

        DeactivateWhenEmpty();
        return Task.FromResult<RecordingInfo?>(null);
    }

    public Task StopRecordingIfDue(string recordingId, long generation, string reason)
    {
        var due = _recording?.RecordingId == recordingId
            && (reason != RecordingStopReasons.Idle || (generation == _recordingIdleGeneration && _stays.Count == 0));
        return due ? StopRecording(reason) : Task.CompletedTask;
    }

    /// <summary>A stay joined: the room is not idle.</summary>
    private void CancelRecordingIdleTimer()
    {
        _recordingIdleGeneration++;
        _recordingIdleTimer?.Dispose();
        _recordingIdleTimer = null;
    }

    /// <summary>Nobody is in the room's media: the recording stops after <c>Recording:IdleTimeout</c> unless someone comes.</summary>
    private void ArmRecordingIdleTimer()
    {
        if (_recording is null || _recordingIdleTimer is not null)
        {
            return; // already counting from when the room became empty
        }

        var services = ServiceProvider;
        var timeout = services.GetRequiredService<IOptions<RecordingOptions>>().Value.IdleTimeout;
        var self = this.AsReference<IRoomRecordingGrain>();
        var recordingId = _recording.RecordingId;
        var generation = ++_recordingIdleGeneration;
        // A TimeProvider timer (tests drive it with a fake clock); its callback runs outside the grain's scheduler, so it
        // only calls back through the grain reference.
        _recordingIdleTimer = services.GetRequiredService<TimeProvider>().CreateTimer(
            _ => CallBack(self.StopRecordingIfDue(recordingId, generation, RecordingStopReasons.Idle), RecordingStopReasons.Idle),
            null, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The node is shutting down (or the activation moves): the recording's files are finished here.</summary>
    private async Task StopRecordingForShutdownAsync()
    {
        if (_recording is not null)
        {
            await StopRecording(RecordingStopReasons.NodeShutdown);
        }
    }

    private void CallBack(Task call, string reason) => call.ContinueWith(
        t => RecordingLog.AutoStopFailed(logger, t.Exception!, _key.SdkAppId, _key.RoomId, reason),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
