namespace Parley.Server.Media.Recording;

/// <summary>
/// Recording a room (docs/recording.md): implemented by the room's media grain (<c>RoomMediaGrain</c>, same key,
/// <c>GrainKeys.Room</c>), so the recording runs on the node holding the room's media, whichever node the admin call
/// reached. Starting a recording of a room nobody publishes in yet places the room's media there and then.
/// </summary>
[Alias("parley.IRoomRecordingGrain")]
public interface IRoomRecordingGrain : IGrainWithStringKey
{
    /// <summary>Starts recording every producer of the room, present and future, each into its own WebM file.</summary>
    Task<RecordingStartResult> StartRecording();

    /// <summary>Stops the room's recording and finishes its files; null when the room is not being recorded.</summary>
    Task<RecordingInfo?> StopRecording(string reason);

    /// <summary>The room's running recording now; null when there is none.</summary>
    Task<RecordingInfo?> GetRecording();

    /// <summary>The recording's own timers (idle room, maximum duration) call back through this.</summary>
    Task StopRecordingIfDue(string recordingId, long generation, string reason);
}
