using Parley.Signaling.Grains;

namespace Parley.Signaling.Rooms;

/// <summary>Asks the app's room index whether a room is live, so a query for an arbitrary number does not activate a room grain.</summary>
internal static class RoomIndex
{
    public static async Task<bool> ContainsAsync(IGrainFactory grainFactory, long sdkAppId, long roomId, CancellationToken cancellationToken)
    {
        var ids = await grainFactory.GetGrain<IAppRoomsGrain>(sdkAppId).GetRoomIds().WaitAsync(cancellationToken);
        return Array.BinarySearch(ids, roomId) >= 0;
    }
}
