using Parley.Protocol.Messages;
using Parley.Signaling.Grains;

namespace Parley.Signaling.Rooms;

/// <summary>Answers <see cref="IRoomQueries"/> from the per-app room index grain and the room grains themselves.</summary>
internal sealed class RoomQueries(IGrainFactory grainFactory) : IRoomQueries
{
    public async Task<IReadOnlyList<RoomSummary>> ListRoomsAsync(long sdkAppId, CancellationToken cancellationToken = default)
    {
        var ids = await grainFactory.GetGrain<IAppRoomsGrain>(sdkAppId).GetRoomIds().WaitAsync(cancellationToken);
        var views = await Task.WhenAll(ids.Select(id => Room(sdkAppId, id).GetView())).WaitAsync(cancellationToken);
        var rooms = new List<RoomSummary>(views.Length);
        foreach (var view in views)
        {
            // A room may dissolve between the index read and its own answer.
            if (view is not null)
            {
                rooms.Add(new RoomSummary(view.SdkAppId, view.RoomId, view.Owner, view.Members.Count,
                    DateTimeOffset.FromUnixTimeMilliseconds(view.CreatedAtMs), ToTime(view.EmptySinceMs)));
            }
        }
        return rooms;
    }

    public async Task<RoomDetails?> GetRoomAsync(long sdkAppId, long roomId, CancellationToken cancellationToken = default)
    {
        // Ask the index first so that a query for an arbitrary number does not activate a room grain.
        var ids = await grainFactory.GetGrain<IAppRoomsGrain>(sdkAppId).GetRoomIds().WaitAsync(cancellationToken);
        if (Array.BinarySearch(ids, roomId) < 0)
        {
            return null;
        }
        var view = await Room(sdkAppId, roomId).GetView().WaitAsync(cancellationToken);
        return view is null
            ? null
            : new RoomDetails(view.SdkAppId, view.RoomId, view.Owner, DateTimeOffset.FromUnixTimeMilliseconds(view.CreatedAtMs),
                ToTime(view.EmptySinceMs), [.. view.Members.Select(m => new Member(m.Identifier, m.Role, m.IsOwner, m.JoinedAtMs))]);
    }

    private IRoomGrain Room(long sdkAppId, long roomId) => grainFactory.GetGrain<IRoomGrain>(GrainKeys.Room(sdkAppId, roomId));

    private static DateTimeOffset? ToTime(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
