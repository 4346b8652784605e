namespace Parley.Protocol.Messages;

/// <summary>Params of <c>joinRoom</c> and <c>switchRoom</c>. <paramref name="Role"/> may be omitted or unknown (R4.4).</summary>
public sealed record JoinRoomParams(long RoomId, string? Role = null);
