namespace Parley.Signaling.Groups;

/// <summary>The vendor's group error codes (product-rules §7) that group operations answer.</summary>
public static class GroupErrorCodes
{
    public const int InvalidParameter = 10004;
    public const int NoPermission = 10007;
    public const int OwnerCannotQuit = 10009;
    public const int GroupNotFound = 10010;
    public const int AlreadyMember = 10013;
    public const int GroupFull = 10014;
    public const int GroupIdInvalid = 10015;
    public const int GroupIdTaken = 10021;
    public const int Muted = 10017;
    public const int MessageRate = 10023;
    /// <summary>The app's before-send callback refused the message (docs/callbacks.md).</summary>
    public const int RejectedByCallback = 10016;
}
