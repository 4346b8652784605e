namespace Parley.Protocol.Messages;

/// <summary>JSON-RPC notification names the server sends (docs/protocol.md). Server to client.</summary>
public static class Events
{
    public const string MemberEntered = "memberEntered";
    public const string MemberExited = "memberExited";
    public const string RoleChanged = "roleChanged";
    public const string ForceOffline = "forceOffline";
    public const string UserSigExpired = "userSigExpired";
    public const string ServerShuttingDown = "serverShuttingDown";
}
