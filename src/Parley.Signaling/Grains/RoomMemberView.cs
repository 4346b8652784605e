namespace Parley.Signaling.Grains;

/// <summary>
/// A member as a room reports it. <see cref="JoinedAtMs"/> is Unix milliseconds. <see cref="Privileges"/> are the
/// PrivateMapKey bits in force for the member's stay (<see cref="Parley.Auth.RoomPrivileges"/>; 255 without a key);
/// <see cref="Producers"/> its published tracks; <see cref="Platform"/> the platform its session logged in with.
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.RoomMemberView")]
public sealed record RoomMemberView(string Identifier, string Role, bool IsOwner, long JoinedAtMs, uint Privileges = 255,
    IReadOnlyList<RoomProducer>? Producers = null, string Platform = "");
