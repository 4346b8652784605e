namespace Parley.Protocol.Chat;

/// <summary>JSON-RPC methods for groups and messages (docs/protocol.md §14). Client to server.</summary>
public static class ChatMethods
{
    public const string SendMessage = "sendMessage";
    public const string RecallMessage = "recallMessage";
    public const string GetMessages = "getMessages";
    public const string SyncMessages = "syncMessages";
    public const string MarkRead = "markRead";
    public const string GetConversations = "getConversations";
    public const string CreateGroup = "createGroup";
    public const string JoinGroup = "joinGroup";
    public const string QuitGroup = "quitGroup";
    public const string DismissGroup = "dismissGroup";
    public const string InviteToGroup = "inviteToGroup";
    public const string KickGroupMembers = "kickGroupMembers";
    public const string HandleJoinRequest = "handleJoinRequest";
    public const string GetJoinedGroups = "getJoinedGroups";
    public const string GetGroupMembers = "getGroupMembers";
    public const string ModifyGroupProfile = "modifyGroupProfile";
    public const string SetGroupMemberRole = "setGroupMemberRole";
    public const string MuteGroupMember = "muteGroupMember";
    public const string TransferGroupOwner = "transferGroupOwner";

    /// <summary>A guest (no login) receives an AVChatRoom's messages (§14.4).</summary>
    public const string WatchGroup = "watchGroup";

    /// <summary>True for every method above.</summary>
    public static bool IsChatMethod(string method) => method is SendMessage or RecallMessage or GetMessages or SyncMessages or MarkRead
        or GetConversations or CreateGroup or JoinGroup or QuitGroup or DismissGroup or InviteToGroup or KickGroupMembers
        or HandleJoinRequest or GetJoinedGroups or GetGroupMembers or ModifyGroupProfile or SetGroupMemberRole or MuteGroupMember
        or TransferGroupOwner or WatchGroup;
}
