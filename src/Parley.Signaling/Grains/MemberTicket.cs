namespace Parley.Signaling.Grains;

/// <summary>
/// What a room grain needs to admit a member: identity (key and display spelling), session, role, where to send events,
/// and the PrivateMapKey privileges in force for this stay (<see cref="Parley.Auth.RoomPrivileges"/> bits, 255 without a
/// key; docs/protocol.md §12). The room refuses to be created by a ticket without the create-room bit.
/// <see cref="RoomOwner"/>: on a re-assertion after a node died, the owner the member's session was told at its join,
/// so a room rebuilt from its members keeps its owner (R3.4) whoever comes back first. <see cref="Platform"/>: the
/// session's login platform (web, android, …), shown by the admin API.
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.MemberTicket")]
public sealed record MemberTicket(string IdentifierKey, string Identifier, string SessionId, string Role, ISessionObserver Observer, uint Privileges = 255,
    string? RoomOwner = null, string Platform = "");
