namespace Parley.Protocol.Messages;

/// <summary>Values of <c>forceOffline.reason</c>.</summary>
public static class ForceOfflineReasons
{
    /// <summary>The same identifier logged in on another connection of the same app.</summary>
    public const string LoggedInElsewhere = "loggedInElsewhere";

    /// <summary>The app's backend ended the session (REST <c>im_open_login_svc/kick</c>).</summary>
    public const string KickedByAdmin = "kickedByAdmin";
}
