namespace Parley.Protocol.Messages;

/// <summary>
/// Params of <c>joinRoom</c> and <c>switchRoom</c>. <paramref name="Role"/> may be omitted or unknown (R4.4).
/// <paramref name="AutoSubscribe"/> (default true) subscribes to every producer the member may receive (docs/protocol.md §9.2).
/// <paramref name="PrivateMapKey"/>, when given, wins over the one given at login (docs/protocol.md §12).
/// </summary>
public sealed record JoinRoomParams(long RoomId, string? Role = null, string? PrivateMapKey = null, bool? AutoSubscribe = null);
