namespace Parley.Signaling.Grains;

/// <summary>
/// How grains reach a live WebSocket session. Each session registers itself as an Orleans grain observer at login;
/// the reference routes to the silo that holds the socket, so a room grain on silo A can notify a member connected
/// to silo B without knowing where it is. Implementations only enqueue and return: they must never call back into
/// grains (the caller is awaiting this call inside its own turn).
/// </summary>
[Alias("parley.ISessionObserver")]
public interface ISessionObserver : IGrainObserver
{
    /// <summary>A room event as a complete JSON-RPC notification (built once per event by the room grain).</summary>
    [Alias("OnRoomEvent")]
    Task OnRoomEvent(long roomId, string notification);

    /// <summary>
    /// A <c>trackPublished</c> of <paramref name="roomId"/> (built once per event by the room grain): delivered like
    /// <see cref="OnRoomEvent"/>, and said to be one so the session can tell its media glue that there is now something
    /// to receive (the lazy media join) without looking into the notification's text.
    /// </summary>
    [Alias("OnTrackPublished")]
    Task OnTrackPublished(long roomId, string notification);

    /// <summary>
    /// An operator ended this session's stay in <paramref name="roomId"/>: <paramref name="reason"/> <c>kicked</c> (removed) or
    /// <c>dismissed</c> (the whole room). The user grain already left the room.
    /// </summary>
    [Alias("OnKickedOut")]
    Task OnKickedOut(long roomId, string reason);

    /// <summary>
    /// The session is over (<see cref="Parley.Protocol.Messages.ForceOfflineReasons"/>: the same identifier logged in
    /// elsewhere, on <paramref name="platform"/>, or the app's backend kicked it): end it with 4001.
    /// </summary>
    [Alias("OnForceOffline")]
    Task OnForceOffline(string reason, string platform);

    /// <summary>A complete JSON-RPC notification that is not a room's (e.g. a group message): queued as it is.</summary>
    [Alias("OnNotification")]
    Task OnNotification(string notification);

}
