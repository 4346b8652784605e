namespace Parley.Client;

/// <summary>Where a <see cref="ParleyClient"/> is in its life.</summary>
public enum ParleyClientState
{
    /// <summary>No session: never logged in, logged out, or kicked (forceOffline, userSig expired).</summary>
    Disconnected,
    /// <summary>Opening the socket and logging in.</summary>
    Connecting,
    /// <summary>Logged in; requests go to the server.</summary>
    LoggedIn,
    /// <summary>The socket dropped; the client is reconnecting and will log in and re-join by itself.</summary>
    Reconnecting,
    /// <summary>Disposed; every call throws <see cref="ObjectDisposedException"/>.</summary>
    Disposed,
}
