namespace Parley.Signaling.Grains;

/// <summary>What a room grain needs to admit a member: identity (key and display spelling), session, role, and where to send events.</summary>
[GenerateSerializer, Immutable, Alias("parley.MemberTicket")]
public sealed record MemberTicket(string IdentifierKey, string Identifier, string SessionId, string Role, ISessionObserver Observer);
