namespace Parley.Signaling.Groups;

/// <summary>
/// One group (key <c>"{sdkAppId}/{groupId}"</c>). Every change of a group goes through its grain, so limits hold
/// under concurrency (two adds racing for the last place: exactly one gets it) and the store is written through.
/// <c>op</c> is the identifier acting (its role decides what it may do), or null for the app's backend (the REST API),
/// which may do everything. Times: <c>now</c> Unix seconds, <c>nowMs</c> Unix milliseconds.
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

    /// <summary>The group's profile, member count, last seq and <paramref name="identifier"/>'s role; null when there is no such group.</summary>
    [Alias("GetInfo")]
    Task<GroupInfoView?> GetInfo(string? identifier);

    /// <summary>Invites members (display spellings); per member 1 added or 2 already a member. 10014 when they would not all fit.</summary>
    [Alias("AddMembers")]
    Task<GroupOutcome> AddMembers(string? op, IReadOnlyList<string> identifiers, long now);

    /// <summary>Removes members (a Kick tip; each removed member gets a <c>kicked</c> notification); the owner cannot be removed (10004).</summary>
    [Alias("RemoveMembers")]
    Task<GroupOutcome> RemoveMembers(string? op, IReadOnlyList<string> identifiers, long now);

    /// <summary>A user asks to join (R5.3 admission rules): joined, pending approval, or 10007/10013/10014.</summary>
    [Alias("Join")]
    Task<JoinOutcome> Join(string identifier, string? message, long now);

    /// <summary>A member leaves; the owner cannot (10009).</summary>
    [Alias("Quit")]
    Task<GroupOutcome> Quit(string identifier, long now);

    /// <summary>An owner or admin approves or rejects a pending request; of two handling the same request, one wins (the other 10004).</summary>
    [Alias("HandleJoinRequest")]
    Task<GroupOutcome> HandleJoinRequest(string? op, string applicant, bool approve, string? reason, long now);

    /// <summary>Destroys the group (owner or the app's backend); every member gets a <c>dismissed</c> notification.</summary>
    [Alias("Destroy")]
    Task<GroupOutcome> Destroy(string? op, long now);

    /// <summary>Dissolves a Private group idle since before <paramref name="cutoff"/> (product-rules §5); false when it is not idle (any more).</summary>
    [Alias("Reclaim")]
    Task<bool> Reclaim(long cutoff, long now);

    /// <summary>Changes the profile (owner or admin; MaxMemberCount never above the type's nor below the member count).</summary>
    [Alias("ModifyProfile")]
    Task<GroupOutcome> ModifyProfile(string? op, GroupProfileChange change, long now);

    /// <summary>Makes a member Admin or Member (the owner or the app's backend).</summary>
    [Alias("SetRole")]
    Task<GroupOutcome> SetRole(string? op, string member, string role, long now);

    /// <summary>Mutes members for <paramref name="seconds"/> (0 unmutes): ShutUpUntil = now + seconds.</summary>
    [Alias("Mute")]
    Task<GroupOutcome> Mute(string? op, IReadOnlyList<string> members, long seconds, long now);

    /// <summary>Sets a member's name card.</summary>
    [Alias("SetNameCard")]
    Task<GroupOutcome> SetNameCard(string? op, string member, string nameCard, long now);

    /// <summary>Hands the ownership to a member (the owner or the app's backend); the old owner becomes a Member.</summary>
    [Alias("ChangeOwner")]
    Task<GroupOutcome> ChangeOwner(string? op, string newOwner, long now);

    /// <summary>
    /// Sends a message: the next <c>MsgSeq</c>, stored before this answers where the type keeps history, then handed to
    /// every online member (the sender waits for none of them). <paramref name="from"/> null = the app admin. A repeat
    /// of the same sender and <c>MsgRandom</c> within 5 minutes answers the first send's seq and is not delivered again.
    /// 10010 no group, 10007 sender not a member (or a member sending to a BChatRoom), 10017 sender muted, 10023 over
    /// 40 messages per second (an AVChatRoom sheds the lowest priorities first and answers seq 0 for a shed message).
    /// </summary>
    [Alias("Send")]
    Task<SendOutcome> Send(string? from, uint msgRandom, string priority, string msgBody, long nowMs);

    /// <summary>Recalls messages: the sender within 2 minutes, owner/admins and the app's backend at any time. Per seq 0 or an error code.</summary>
    [Alias("Recall")]
    Task<GroupOutcome> Recall(string? op, IReadOnlyList<long> msgSeqs, long nowMs);

    /// <summary>A custom system notification to the given members, or to all when null (REST <c>send_group_system_notification</c>).</summary>
    [Alias("SendSystemNotification")]
    Task<GroupOutcome> SendSystemNotification(IReadOnlyList<string>? members, string content, long now);

    /// <summary>Members with a live session plus guests watching (AVChatRoom), over all silos (REST <c>get_online_member_num</c>).</summary>
    [Alias("CountOnline")]
    Task<int> CountOnline();

    /// <summary>Moves a member's read cursor to <paramref name="msgSeq"/> (clamped to the last seq).</summary>
    [Alias("MarkRead")]
    Task<GroupOutcome> MarkRead(string identifier, long msgSeq);
}
