namespace Parley.Signaling.Grains;

/// <summary>The set of live room numbers of one app; kept in memory for as long as the app has rooms.</summary>
internal sealed class AppRoomsGrain : Grain, IAppRoomsGrain
{
    private readonly HashSet<long> _roomIds = [];

    public Task RoomCreated(long roomId)
    {
        _roomIds.Add(roomId);
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task RoomDissolved(long roomId)
    {
        _roomIds.Remove(roomId);
        if (_roomIds.Count == 0)
        {
            DeactivateOnIdle();
        }
        return Task.CompletedTask;
    }

    public Task<long[]> GetRoomIds()
    {
        var ids = _roomIds.ToArray();
        Array.Sort(ids);
        return Task.FromResult(ids);
    }
}
