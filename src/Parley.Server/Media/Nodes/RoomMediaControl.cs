using Parley.Signaling.Grains;
using Parley.Signaling.MediaHooks;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// The operator's reach into a room's media (<see cref="IRoomMediaControl"/>): through the room's <see cref="IRoomMediaGrain"/>,
/// so it works from any node whichever node holds the media. Signaling asks only about rooms whose book has producers,
/// so the media grain is already active.
/// </summary>
internal sealed class RoomMediaControl(IGrainFactory grains) : IRoomMediaControl
{
    public Task<AdminMuteResult> SetAdminMuteAsync(long sdkAppId, long roomId, string sessionId, string producerId, bool adminMuted,
        CancellationToken cancellationToken = default) =>
        Grain(sdkAppId, roomId).AdminMute(sessionId, producerId, adminMuted).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<TrackTraffic>> GetTrackTrafficAsync(long sdkAppId, long roomId, CancellationToken cancellationToken = default) =>
        Grain(sdkAppId, roomId).GetTrackTraffic().WaitAsync(cancellationToken);

    private IRoomMediaGrain Grain(long sdkAppId, long roomId) => grains.GetGrain<IRoomMediaGrain>(GrainKeys.Room(sdkAppId, roomId));
}
