namespace Parley.Signaling.Grains;

/// <summary>
/// The live room numbers of one app (key: sdkAppId), for the admin API's room list. Room grains report creation
/// and dissolution; the index never calls rooms, so there is no call cycle.
/// </summary>
[Alias("parley.IAppRoomsGrain")]
public interface IAppRoomsGrain : IGrainWithIntegerKey
{
    [Alias("RoomCreated")]
    Task RoomCreated(long roomId);

    [Alias("RoomDissolved")]
    Task RoomDissolved(long roomId);

    [Alias("GetRoomIds")]
    Task<long[]> GetRoomIds();
}
