namespace Parley.Signaling.Limits;

/// <summary>
/// Values of the <c>limit</c> tag of <c>parley.limit.hits</c> (Prometheus: <c>parley_limit_hits_total{limit="…"}</c>),
/// one per limit that refuses requests: the node-wide limits of <see cref="AbuseLimit"/> and the per-connection and
/// per-group limits enforced where their state lives. A fixed set, so each is one time series.
/// </summary>
public static class LimitNames
{
    public const string LoginPerAddress = "login_ip";
    public const string LoginPerApp = "login_app";
    public const string JoinPerAddress = "join_ip";
    public const string JoinPerApp = "join_app";
    public const string MessagePerAddress = "message_ip";
    public const string MessagePerApp = "message_app";
    public const string RestPerAddress = "rest_ip";
    public const string RestPerApp = "rest_app";
    public const string ConnectionsPerAddress = "connections_ip";

    /// <summary>A connection's own request bucket (<c>Signaling:RateLimitPerSecond</c>, error 90006).</summary>
    public const string SessionRequests = "session_requests";

    /// <summary>A session's room-message buckets (30 messages/s, 8 KB/s; error 90006, protocol.md §10.8).</summary>
    public const string SessionRoomMessages = "session_room_messages";

    /// <summary>A group's 40 messages per second (product-rules §5, vendor error 10023).</summary>
    public const string GroupMessages = "group_messages";

    /// <summary>The tag value of <paramref name="limit"/>.</summary>
    public static string Of(AbuseLimit limit) => limit switch
    {
        AbuseLimit.LoginPerAddress => LoginPerAddress,
        AbuseLimit.LoginPerApp => LoginPerApp,
        AbuseLimit.JoinPerAddress => JoinPerAddress,
        AbuseLimit.JoinPerApp => JoinPerApp,
        AbuseLimit.MessagePerAddress => MessagePerAddress,
        AbuseLimit.MessagePerApp => MessagePerApp,
        AbuseLimit.RestPerAddress => RestPerAddress,
        AbuseLimit.RestPerApp => RestPerApp,
        AbuseLimit.ConnectionsPerAddress => ConnectionsPerAddress,
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, null),
    };
}
