namespace Parley.Protocol.Messages;

/// <summary>Why a member left a room, as carried in <c>memberExited.reason</c>.</summary>
public static class ExitReasons
{
    /// <summary>The member called exitRoom.</summary>
    public const string Exit = "exit";
    /// <summary>The member moved to another room with switchRoom.</summary>
    public const string SwitchRoom = "switchRoom";
    /// <summary>The member logged out.</summary>
    public const string Logout = "logout";
    /// <summary>The socket closed or stopped answering heartbeats.</summary>
    public const string Disconnected = "disconnected";
    /// <summary>The same identifier logged in elsewhere.</summary>
    public const string ForceOffline = "forceOffline";
    /// <summary>The userSig expired during the session (R2.4).</summary>
    public const string UserSigExpired = "userSigExpired";
    /// <summary>An operator removed the member through the admin API (kick, remove-users); the vendor's "removed" (1).</summary>
    public const string Kicked = "kicked";
    /// <summary>An operator dismissed the whole room through the admin API; the vendor's "dismissed" (2).</summary>
    public const string Dismissed = "dismissed";
    /// <summary>The server is shutting down.</summary>
    public const string ServerShutdown = "serverShutdown";
}
