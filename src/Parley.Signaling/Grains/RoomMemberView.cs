namespace Parley.Signaling.Grains;

/// <summary>A member as a room reports it. <see cref="JoinedAtMs"/> is Unix milliseconds.</summary>
[GenerateSerializer, Immutable, Alias("parley.RoomMemberView")]
public sealed record RoomMemberView(string Identifier, string Role, bool IsOwner, long JoinedAtMs);
