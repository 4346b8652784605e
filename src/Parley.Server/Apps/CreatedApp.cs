using Parley.Server.Storage;

namespace Parley.Server.Apps;

/// <summary>
/// A newly created app and, when a key pair was requested, its private key: returned once and never stored (R1.3).
/// </summary>
public sealed record CreatedApp(AppRecord App, string? PrivateKeyPem);
