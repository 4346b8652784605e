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

    /// <summary>
    /// Sends a message: the next <c>MsgSeq</c>, stored before this answers where the type keeps history, then handed to
    /// every online member (the sender waits for none of them). <paramref name="from"/> null = the app admin. A repeat
    /// of the same sender and <c>MsgRandom</c> within 5 minutes answers the first send's seq and is not delivered again.
    /// 10010 no group, 10007 sender not a member, 10017 sender muted, 10023 over 40 messages per second.
    /// </summary>
    [Alias("Send")]
    Task<SendOutcome> Send(string? from, uint msgRandom, string priority, string msgBody, long nowMs);
}
