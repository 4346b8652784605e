namespace Parley.Server.Media.Rooms;

/// <summary>A room's identity: the same number in two apps is two rooms (R3.2).</summary>
public readonly record struct RoomMediaKey(long SdkAppId, long RoomId);
