namespace Parley.Signaling.Groups;

/// <summary>Names and limits of the group types (R5.3).</summary>
public static class GroupTypes
{
    /// <summary>"Unlimited" member count of AVChatRoom and BChatRoom.</summary>
    public const int Unlimited = int.MaxValue;

    /// <summary>
    /// Parses the vendor's <c>Type</c>: the names of R5.3, and the vendor's later names for the same types
    /// (<c>Work</c> = Private, <c>Meeting</c> = ChatRoom), case-insensitively.
    /// </summary>
    public static bool TryParse(string? name, out GroupType type)
    {
        switch (name?.ToLowerInvariant())
        {
            case "private" or "work":
                type = GroupType.Private;
                return true;
            case "public":
                type = GroupType.Public;
                return true;
            case "chatroom" or "meeting":
                type = GroupType.ChatRoom;
                return true;
            case "avchatroom":
                type = GroupType.AVChatRoom;
                return true;
            case "bchatroom":
                type = GroupType.BChatRoom;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>R5.3: 200, 2,000, 10,000, unlimited, unlimited.</summary>
    public static int MaxMembers(GroupType type) => type switch
    {
        GroupType.Private => 200,
        GroupType.Public => 2_000,
        GroupType.ChatRoom => 10_000,
        _ => Unlimited,
    };

    /// <summary>Members are added by others (invitation, REST) only in Private, Public and ChatRoom groups; AV and broadcast groups are joined freely.</summary>
    public static bool AcceptsAddedMembers(GroupType type) => type is GroupType.Private or GroupType.Public or GroupType.ChatRoom;

    /// <summary>Private, Public and ChatRoom keep message history; AVChatRoom and BChatRoom store none (product-rules §5).</summary>
    public static bool KeepsHistory(GroupType type) => type is GroupType.Private or GroupType.Public or GroupType.ChatRoom;
}
