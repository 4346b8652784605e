namespace Parley.Signaling.Grains;

/// <summary>A freshly logged-in session as its user grain records it.</summary>
[GenerateSerializer, Immutable, Alias("parley.SessionTicket")]
public sealed record SessionTicket(string SessionId, string Identifier, string Platform, ISessionObserver Observer);
