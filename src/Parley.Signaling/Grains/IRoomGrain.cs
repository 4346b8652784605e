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

    /// <summary>Removes the member if it is there with this session; false otherwise.</summary>
    [Alias("Leave")]
    Task<bool> Leave(string identifierKey, string sessionId, string reason);

    /// <summary>Applies a role (already checked against the member's RoleSet, R4.5) and tells everyone.</summary>
    [Alias("ChangeRole")]
    Task<RoomView?> ChangeRole(string identifierKey, string role);

    /// <summary>The room now, or null when it does not exist.</summary>
    [Alias("GetView")]
    Task<RoomView?> GetView();

    /// <summary>Timer callback target: dissolves the room if it is still empty since the timer of this generation was armed.</summary>
    [Alias("DissolveIfStillEmpty")]
    Task DissolveIfStillEmpty(int generation);
}
