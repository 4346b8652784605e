using Parley.Protocol.Roles;
using Parley.Signaling.Grains;

namespace Parley.Signaling.Sessions;

/// <summary>
/// What a session knows once logged in: the app, the identifier as typed (for renewUserSig), its case-insensitive key,
/// the display spelling, the platform, the role snapshot pulled at login (R4.6), its grain handles, and the PrivateMapKey
/// given at login (used by joins that bring none, docs/protocol.md §12), and whether a dropped socket suspends it (§13).
/// </summary>
internal sealed record SessionLogin(
    long SdkAppId,
    string TypedIdentifier,
    string IdentifierKey,
    string Identifier,
    string Platform,
    RoleSet Roles,
    string SessionId,
    IUserGrain User,
    ISessionObserver ObserverReference,
    string? PrivateMapKey = null,
    bool Resumable = false);
