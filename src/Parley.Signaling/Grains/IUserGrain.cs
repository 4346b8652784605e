namespace Parley.Signaling.Grains;

/// <summary>
/// One user of one app (key <see cref="GrainKeys.User"/>). Holds the user's single live session and the room it is
/// in. Every room operation of a user goes through this grain, so a user's operations are serialized: two racing
/// joins cannot both succeed (R3.3) and a newer login atomically replaces the older session.
/// </summary>
[Alias("parley.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Makes <paramref name="ticket"/> the live session; the previous one leaves its room (forceOffline) and is told to close.</summary>
    [Alias("Login")]
    Task Login(SessionTicket ticket);

    /// <summary>
    /// After a node died: the live session says again that it is the live one, and in which room (a grain that lived on
    /// the dead node comes back empty). Restores both when the grain has no session; false when another session has
    /// become the live one meanwhile (the caller then ends as logged in elsewhere).
    /// </summary>
    [Alias("Reattach")]
    Task<bool> Reattach(SessionTicket ticket, long roomId, string role, uint privileges, string roomOwner);

    /// <summary>Ends the session if it is still the live one; its room sees <c>memberExited</c> with <paramref name="reason"/>.</summary>
    [Alias("EndSession")]
    Task EndSession(string sessionId, string reason);

    /// <summary>Joins <paramref name="roomId"/> with <paramref name="privileges"/> (RoomPrivileges bits) in force for the stay.</summary>
    [Alias("JoinRoom")]
    Task<RoomCallOutcome> JoinRoom(string sessionId, long roomId, string role, uint privileges);

    [Alias("SwitchRoom")]
    Task<RoomCallOutcome> SwitchRoom(string sessionId, long roomId, string role, uint privileges);

    [Alias("ExitRoom")]
    Task<RoomCallOutcome> ExitRoom(string sessionId);

    [Alias("ChangeRole")]
    Task<RoomCallOutcome> ChangeRole(string sessionId, string role);

    /// <summary>Takes the live session out of <paramref name="roomId"/> (reason kicked, the vendor's "removed") and tells it; false when it is not there.</summary>
    [Alias("Kick")]
    Task<bool> Kick(long roomId);

    /// <summary>
    /// An operator dismissed <paramref name="roomId"/> (the room grain already let every member go): when the live session
    /// <paramref name="sessionId"/> is still in that room, the user is out of it and its session gets <c>kickedOut</c>
    /// reason <c>dismissed</c>. False when the user had left or moved on meanwhile.
    /// </summary>
    [Alias("RoomDismissed")]
    Task<bool> RoomDismissed(long roomId, string sessionId);

    [Alias("ListMembers")]
    Task<RoomCallOutcome> ListMembers(string sessionId);

    /// <summary>The platform of the live session, or null when the user is offline (REST <c>querystate</c>).</summary>
    [Alias("GetOnlinePlatform")]
    Task<string?> GetOnlinePlatform();

    /// <summary>
    /// Ends the live session on an operator's order (REST <c>im_open_login_svc/kick</c>): its room sees
    /// <c>memberExited</c> reason <c>forceOffline</c>, the session gets <c>forceOffline</c> reason <c>kickedByAdmin</c>
    /// and closes with 4001. False when the user is offline.
    /// </summary>
    [Alias("KickOffline")]
    Task<bool> KickOffline();

    /// <summary>
    /// Receives a C2C message for this user (the receiver): a repeat of the same sender and random within 5 minutes
    /// answers the first one's id; otherwise stored (before this answers) and handed to the live session, if any — and
    /// with <paramref name="copyToSender"/> to the sender's live session too (REST <c>SyncOtherMachine</c> 1).
    /// </summary>
    [Alias("ReceiveC2C")]
    Task<Groups.SendOutcome> ReceiveC2C(string from, string to, uint msgRandom, string msgBody, long nowMs, bool copyToSender);

    /// <summary>
    /// Recalls C2C message <paramref name="id"/> sent to this user: by its sender within 2 minutes, or by the app's
    /// backend (<paramref name="op"/> null) at any time. 0, 10004 (no such message here) or 10007 (not allowed).
    /// </summary>
    [Alias("RecallC2C")]
    Task<int> RecallC2C(string? op, long id, long nowMs);

    /// <summary>Hands <paramref name="notification"/> to the live session, if any (C2C and system notifications; one-way).</summary>
    [Orleans.Concurrency.OneWay]
    [Alias("Deliver")]
    Task Deliver(string notification);
}
