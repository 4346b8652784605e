namespace Parley.Signaling.Limits;

/// <summary>
/// The abuse limits a node enforces (docs/limits.md): token buckets per client address or per app, and the concurrent
/// signaling connections per address. Each has its own settings under <c>Limits</c>, its own error code and its own
/// <c>limit</c> tag value on <c>parley.limit.hits</c> (<see cref="LimitNames"/>).
/// </summary>
public enum AbuseLimit
{
    /// <summary><c>login</c> attempts per client address, counted before the userSig is checked.</summary>
    LoginPerAddress,

    /// <summary>Logins per app, counted once the userSig verified.</summary>
    LoginPerApp,

    /// <summary><c>joinRoom</c> / <c>switchRoom</c> per client address.</summary>
    JoinPerAddress,

    /// <summary><c>joinRoom</c> / <c>switchRoom</c> per app.</summary>
    JoinPerApp,

    /// <summary>Room, C2C and group messages sent over signaling, per client address.</summary>
    MessagePerAddress,

    /// <summary>Room, C2C and group messages per app, signaling and the REST API together.</summary>
    MessagePerApp,

    /// <summary>Calls of the vendor REST API (<c>/v4/…</c>) per client address, counted before the userSig is checked.</summary>
    RestPerAddress,

    /// <summary>Calls of the vendor REST API per app, counted once the app admin's userSig verified.</summary>
    RestPerApp,

    /// <summary>Signaling WebSockets open at once per client address.</summary>
    ConnectionsPerAddress,
}
