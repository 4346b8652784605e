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
    public const string TrackPublished = "trackPublished";
    public const string TrackUnpublished = "trackUnpublished";
    public const string TrackMuted = "trackMuted";
    public const string UserVideoAvailable = "userVideoAvailable";
    public const string UserAudioAvailable = "userAudioAvailable";
    public const string UserSubStreamAvailable = "userSubStreamAvailable";
    public const string RoomMessage = "roomMessage";
    public const string KickedOut = "kickedOut";

    /// <summary>To the member itself: an operator muted or released one of its tracks (admin API).</summary>
    public const string TrackAdminMuted = "trackAdminMuted";

    /// <summary>The room's media moved to another node: this session's transports are gone; publish again (§10.9).</summary>
    public const string MediaReset = "mediaReset";
}
