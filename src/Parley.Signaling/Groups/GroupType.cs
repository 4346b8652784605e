namespace Parley.Signaling.Groups;

/// <summary>The five group types of R5.3.</summary>
public enum GroupType
{
    Private,
    Public,
    ChatRoom,
    AVChatRoom,
    BChatRoom,
}
