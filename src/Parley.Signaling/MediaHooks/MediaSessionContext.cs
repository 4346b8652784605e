using Parley.Auth;
using Parley.Protocol.Roles;
using Parley.Signaling.Grains;

namespace Parley.Signaling.MediaHooks;

/// <summary>
/// One session's stay in one room, as the media glue sees it. A new context is made for every stay (join, switch,
/// resume keeps the stay), so <see cref="StayId"/> identifies the glue's per-stay state.
/// </summary>
public sealed class MediaSessionContext
{
    private readonly Action<string> _send;
    private bool _ended;

    internal MediaSessionContext(long sdkAppId, long roomId, string identifier, string identifierKey, string sessionId,
        RoleDefinition role, RoomPrivileges privileges, bool autoSubscribe, IRoomGrain room, Action<string> send)
    {
        SdkAppId = sdkAppId;
        RoomId = roomId;
        Identifier = identifier;
        IdentifierKey = identifierKey;
        SessionId = sessionId;
        Role = role;
        Privileges = privileges;
        AutoSubscribe = autoSubscribe;
        Room = room;
        StayId = Guid.NewGuid().ToString("N");
        _send = send;
    }

    public long SdkAppId { get; }

    public long RoomId { get; }

    /// <summary>Display spelling of the member (R2.1).</summary>
    public string Identifier { get; }

    /// <summary>Case-insensitive key; the first argument of the room grain's producer methods.</summary>
    public string IdentifierKey { get; }

    /// <summary>The signaling session; the second argument of the room grain's producer methods.</summary>
    public string SessionId { get; }

    /// <summary>Opaque id of this stay (a session that switches rooms gets a new one).</summary>
    public string StayId { get; }

    /// <summary>The role applied at join (R4.1, R4.3); <see cref="RoleChanged"/> follows <c>changeRole</c>.</summary>
    public RoleDefinition Role { get; internal set; }

    /// <summary>What the PrivateMapKey in force allows in this room (docs/protocol.md §12); <see cref="RoomPrivileges.All"/> without a key.</summary>
    public RoomPrivileges Privileges { get; }

    /// <summary>
    /// <c>joinRoom</c>'s <c>autoSubscribe</c> (default true): subscribe the session to every producer it may receive,
    /// present and future, as the vendor's SDK does (docs/protocol.md §9.2).
    /// </summary>
    public bool AutoSubscribe { get; }

    /// <summary>
    /// Whether anyone in the room published when this stay began (the join's view): the glue may leave a stay without
    /// producers to receive out of the room's media until <see cref="ISessionMediaHandler.OnTrackPublishedAsync"/> or a
    /// media call of its own, so joins of rooms where nobody publishes cost nothing in media.
    /// </summary>
    public bool RoomHadProducersAtJoin { get; internal init; }

    /// <summary>True once the stay has ended (before <see cref="ISessionMediaHandler.OnLeftAsync"/> is called).</summary>
    public bool HasEnded => Volatile.Read(ref _ended);

    internal void MarkEnded() => Volatile.Write(ref _ended, true);

    /// <summary>True when <paramref name="privilege"/> is granted for this stay.</summary>
    public bool May(RoomPrivileges privilege) => (Privileges & privilege) == privilege;

    /// <summary>The room grain: AddProducer / RemoveProducer / MuteProducer / FindProducer / GetView.</summary>
    public IRoomGrain Room { get; }

    /// <summary>The session's re-assert-and-retry step for grain calls (after a node died); set by the session.</summary>
    internal Func<Func<Task<int>>, Func<int, bool>, Task<int>>? CallReasserting { get; init; }

    /// <summary>
    /// Keeps the room's producer book in step through <paramref name="call"/> (AddProducer / RemoveProducer /
    /// MuteProducer on <see cref="Room"/>) and answers its code. A room grain whose node died comes back empty and is
    /// rebuilt from its members' sessions as they re-assert themselves; a call that arrives before this session has done
    /// so is answered NotInRoom although the stay is live (a publish right after the room's media moved, say). Then the
    /// session re-asserts itself first and the call is made once more, so the track is not lost from the book (and its
    /// <c>trackPublished</c> from the other members).
    /// </summary>
    public Task<int> UpdateRoomAsync(Func<IRoomGrain, Task<int>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return CallReasserting is { } reasserting
            ? reasserting(() => call(Room), code => code == Protocol.Errors.ErrorCodes.NotInRoom && !HasEnded)
            : call(Room);
    }

    /// <summary>Raised (on the session's request path) after <c>changeRole</c> changed <see cref="Role"/>.</summary>
    public event EventHandler? RoleChanged;

    internal void OnRoleChanged(RoleDefinition role)
    {
        Role = role;
        RoleChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Formats a JSON-RPC notification once (signaling's own writer), so the glue can hand the same string to several
    /// stays' <see cref="SendNotification"/>.
    /// </summary>
    public static string FormatNotification<T>(string method, T parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonRpc.JsonRpcWriter.NotificationText(method, parameters, typeInfo);

    /// <summary>
    /// Sends a complete JSON-RPC notification (e.g. <c>subscriberOffer</c>, <c>consumerLayerChanged</c>) to this session,
    /// in order with its other messages. Dropped once the stay has ended. Thread-safe; never blocks.
    /// </summary>
    public void SendNotification(string notificationJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(notificationJson);
        _send(notificationJson);
    }
}
