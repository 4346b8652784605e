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
    public const string SendRoomMessage = "sendRoomMessage";
    public const string Resume = "resume";

    // Media methods (docs/protocol.md §10), answered by the registered media handler.
    public const string Publish = "publish";
    public const string Unpublish = "unpublish";
    public const string MuteTrack = "muteTrack";
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string SetPreferredLayer = "setPreferredLayer";
    public const string SubscriberAnswer = "subscriberAnswer";
    public const string RestartIce = "restartIce";
}
