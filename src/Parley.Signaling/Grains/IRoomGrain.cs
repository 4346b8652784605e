namespace Parley.Signaling.Grains;

/// <summary>
/// One room of one app (key <see cref="GrainKeys.Room"/>). Lives in memory while it has members and for
/// <c>Rooms:DissolveDelay</c> after the last one leaves (R3.5). Called by user grains, the dissolve timer and
/// <see cref="Rooms.IRoomQueries"/>.
/// </summary>
[Alias("parley.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Admits a member, creating the room if it does not exist (R3.6); the first member ever is the owner (R3.4).</summary>
    [Alias("Join")]
    Task<RoomCallOutcome> Join(MemberTicket ticket);

    /// <summary>
    /// Puts a member back after the room's grain lost its state with a dead node (soft state, rebuilt from the members):
    /// nothing when the session is there already; otherwise a join that may re-create the room whatever the privileges.
    /// </summary>
    [Alias("Restore")]
    Task<RoomCallOutcome> Restore(MemberTicket ticket);

    /// <summary>Removes the member if it is there with this session; false otherwise.</summary>
    [Alias("Leave")]
    Task<bool> Leave(string identifierKey, string sessionId, string reason);

    /// <summary>Applies a role (already checked against the member's RoleSet, R4.5) and tells everyone.</summary>
    [Alias("ChangeRole")]
    Task<RoomView?> ChangeRole(string identifierKey, string role);

    /// <summary>
    /// Records a producer of the member (<paramref name="identifierKey"/> with <paramref name="sessionId"/>) and tells the
    /// others <c>trackPublished</c> (and <c>user…Available</c> true when unmuted). 0, or 90003 NotInRoom,
    /// 90022 SourceAlreadyPublished (one producer per source per member), -32602 InvalidParams (kind/source mismatch).
    /// </summary>
    [Alias("AddProducer")]
    Task<int> AddProducer(string identifierKey, string sessionId, RoomProducer producer);

    /// <summary>Forgets a producer of the member and tells the others <c>trackUnpublished</c>. 0, 90003 or 90021 ProducerNotFound.</summary>
    [Alias("RemoveProducer")]
    Task<int> RemoveProducer(string identifierKey, string sessionId, string producerId);

    /// <summary>Mutes or unmutes a producer of the member: <c>trackMuted</c> + <c>user…Available</c> to the others. 0, 90003 or 90021.</summary>
    [Alias("MuteProducer")]
    Task<int> MuteProducer(string identifierKey, string sessionId, string producerId, bool muted);

    /// <summary>A producer of any member by id, with its owner, or null.</summary>
    [Alias("FindProducer")]
    Task<RoomProducerOwner?> FindProducer(string producerId);

    /// <summary>
    /// Delivers a room message (docs/protocol.md §10.8) as <c>roomMessage</c> to every other member, or only to the
    /// members whose identifier keys are in <paramref name="toKeys"/>. The room handles messages one at a time, so all
    /// recipients see them in one order; <c>seq</c> counts the sender's messages in this room from 1. 0 or 90003.
    /// </summary>
    [Alias("SendMessage")]
    Task<RoomMessageOutcome> SendMessage(string identifierKey, string sessionId, int cmdId, string data, IReadOnlyList<string>? toKeys);

    /// <summary>The room now, or null when it does not exist.</summary>
    [Alias("GetView")]
    Task<RoomView?> GetView();

    /// <summary>
    /// An operator dismisses the room (admin API): every member is taken out at once and the room is forgotten, as if
    /// dissolved (R3.5) but now; the caller then tells each member's user grain (<see cref="IUserGrain.RoomDismissed"/>).
    /// Null when the room does not exist.
    /// </summary>
    [Alias("Dismiss")]
    Task<IReadOnlyList<DismissedMember>?> Dismiss();

    /// <summary>The producer of <paramref name="source"/> of the member <paramref name="identifierKey"/>, with its session; null when none.</summary>
    [Alias("FindTrack")]
    Task<RoomProducerOwner?> FindTrack(string identifierKey, string source);

    /// <summary>
    /// Records an operator's mute of a producer whose media was already paused or resumed: <c>trackMuted</c> (byAdmin) and
    /// availability to the others when <paramref name="muted"/> changed, and <c>trackAdminMuted</c> to the member.
    /// 0, 90003 NotInRoom or 90021 ProducerNotFound.
    /// </summary>
    [Alias("AdminMuteProducer")]
    Task<int> AdminMuteProducer(string identifierKey, string sessionId, string producerId, bool adminMuted, bool muted);

    /// <summary>Timer callback target: dissolves the room if it is still empty since the timer of this generation was armed.</summary>
    [Alias("DissolveIfStillEmpty")]
    Task DissolveIfStillEmpty(int generation);
}
