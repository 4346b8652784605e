namespace Parley.Signaling.MediaHooks;

/// <summary>
/// The operator's reach into a room's media (admin API), implemented by the media glue wherever the room's media lives
/// (one node of the cluster). Optional: without it an operator's mute only changes the room's producer book, and room
/// details carry no traffic figures. Register one singleton in DI.
/// </summary>
public interface IRoomMediaControl
{
    /// <summary>
    /// Sets (<paramref name="adminMuted"/> true) or lifts the operator's lock on the source of the producer
    /// <paramref name="producerId"/> of session <paramref name="sessionId"/>, pausing or resuming its forwarding: while
    /// locked it is paused whatever the member asks (its unmute answers 90030), and a new producer of that source during the
    /// stay starts paused; lifted, it is paused only if the member muted it itself.
    /// </summary>
    Task<AdminMuteResult> SetAdminMuteAsync(long sdkAppId, long roomId, string sessionId, string producerId, bool adminMuted,
        CancellationToken cancellationToken = default);

    /// <summary>Live figures of the room's producers (those whose media node knows them), by producer id.</summary>
    Task<IReadOnlyList<TrackTraffic>> GetTrackTrafficAsync(long sdkAppId, long roomId, CancellationToken cancellationToken = default);
}
