namespace Parley.Protocol.Chat;

/// <summary>
/// <c>OpType</c> of a <c>TIMGroupTipsElem</c>: the changes a group tells its members about as a tip in its message
/// stream (product-rules §5), spelt as the vendor's callbacks spell them.
/// </summary>
public static class TipTypes
{
    public const string Join = "Join";
    public const string Quit = "Quit";
    public const string Kick = "Kick";
    public const string SetAdmin = "SetAdmin";
    public const string CancelAdmin = "CancelAdmin";
    public const string ModifyGroupInfo = "ModifyGroupInfo";
    public const string ModifyMemberInfo = "ModifyMemberInfo";
    public const string ChangeOwner = "ChangeOwner";

    /// <summary>The element type name of a tip; not one clients or the REST API may send.</summary>
    public const string ElementType = "TIMGroupTipsElem";
}
