namespace Parley.Signaling.Groups;

/// <summary>
/// One group (key <c>"{sdkAppId}/{groupId}"</c>). Every change of a group goes through its grain, so limits hold
/// under concurrency (two adds racing for the last place: exactly one gets it) and the store is written through.
/// </summary>
[Alias("parley.IGroupGrain")]
public interface IGroupGrain : IGrainWithStringKey
{
    /// <summary>Creates the group with its initial members (the owner among them); 10021 when the id is taken, 10014 over the limit.</summary>
    [Alias("Create")]
    Task<GroupOutcome> Create(GroupRecord group, IReadOnlyList<GroupMemberRecord> members);

    /// <summary>The group and its members, or null when there is no such group.</summary>
    [Alias("GetView")]
    Task<GroupView?> GetView();

    /// <summary>Adds members (display spellings); per member 1 added or 2 already a member. 10014 when they would not all fit.</summary>
    [Alias("AddMembers")]
    Task<GroupOutcome> AddMembers(IReadOnlyList<string> identifiers, long now);

    /// <summary>Removes members; the owner cannot be removed (10004), unknown ones are skipped.</summary>
    [Alias("RemoveMembers")]
    Task<GroupOutcome> RemoveMembers(IReadOnlyList<string> identifiers);

    /// <summary>Destroys the group and its membership.</summary>
    [Alias("Destroy")]
    Task<GroupOutcome> Destroy();
}
