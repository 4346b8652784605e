namespace Parley.Protocol.Chat;

/// <summary>The kinds of <see cref="GroupSystemNotification"/> (product-rules §5).</summary>
public static class SystemNotificationTypes
{
    /// <summary>To the owner and admins: someone asked to join a NeedPermission group.</summary>
    public const string JoinRequest = "joinRequest";

    /// <summary>To the applicant: the request was approved (the user is now a member).</summary>
    public const string JoinApproved = "joinApproved";

    /// <summary>To the applicant: the request was rejected.</summary>
    public const string JoinRejected = "joinRejected";

    /// <summary>To a member added by someone else.</summary>
    public const string Invited = "invited";

    /// <summary>To a member removed by an owner, admin or the app's backend.</summary>
    public const string Kicked = "kicked";

    /// <summary>To every member: the group was dismissed.</summary>
    public const string Dismissed = "dismissed";

    /// <summary>To every member: a Private group idle for 30 days was reclaimed (product-rules §5).</summary>
    public const string Reclaimed = "reclaimed";

    /// <summary>To the chosen members: the app's backend's <c>send_group_system_notification</c>.</summary>
    public const string Custom = "custom";
}
