namespace Parley.Protocol.Messages;

/// <summary>JSON-RPC method names of the signaling protocol (docs/protocol.md). Client to server.</summary>
public static class Methods
{
    public const string Login = "login";
    public const string Logout = "logout";
    public const string Ping = "ping";
    public const string RenewUserSig = "renewUserSig";
    public const string JoinRoom = "joinRoom";
    public const string ExitRoom = "exitRoom";
    public const string SwitchRoom = "switchRoom";
    public const string ChangeRole = "changeRole";
    public const string ListMembers = "listMembers";
    public const string DissolveRoom = "dissolveRoom";
}
