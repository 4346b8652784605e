namespace Parley.Signaling.Grains;

/// <summary>A member a dismissal took out of its room: its user grain is told next (<see cref="IUserGrain.RoomDismissed"/>).</summary>
[GenerateSerializer, Immutable, Alias("parley.DismissedMember")]
public sealed record DismissedMember(string IdentifierKey, string SessionId);
