using Parley.Signaling.Groups;

namespace Parley.Signaling.Abstractions;

/// <summary>Durable groups and memberships; the group grain is the only writer of a group (member keys are lower-case, R2.1).</summary>
public interface IGroupStore
{
    /// <summary>Inserts the group and its members in one transaction; false when the id is taken.</summary>
    Task<bool> CreateAsync(GroupRecord group, IReadOnlyList<GroupMemberRecord> members, CancellationToken cancellationToken);

    Task<GroupRecord?> FindAsync(long sdkAppId, string groupId, CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupMemberRecord>> ListMembersAsync(long sdkAppId, string groupId, CancellationToken cancellationToken);

    Task AddMembersAsync(long sdkAppId, string groupId, IReadOnlyList<GroupMemberRecord> members, CancellationToken cancellationToken);

    Task RemoveMembersAsync(long sdkAppId, string groupId, IReadOnlyList<string> identifiers, CancellationToken cancellationToken);

    /// <summary>Deletes the group and its members.</summary>
    Task DeleteAsync(long sdkAppId, string groupId, CancellationToken cancellationToken);

    /// <summary>The ids of the groups <paramref name="identifier"/> belongs to, by id, paged; and how many there are.</summary>
    Task<(IReadOnlyList<string> GroupIds, int Total)> ListGroupsOfMemberAsync(long sdkAppId, string identifier, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Stores one message; its seq is the group's next (the grain allocates it).</summary>
    Task AppendMessageAsync(long sdkAppId, string groupId, GroupMessageRecord message, CancellationToken cancellationToken);

    /// <summary>The highest stored seq of the group, 0 when none.</summary>
    Task<long> GetLastMessageSeqAsync(long sdkAppId, string groupId, CancellationToken cancellationToken);

    /// <summary>Messages with seq ≤ <paramref name="beforeOrAt"/>, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<GroupMessageRecord>> ListMessagesAsync(long sdkAppId, string groupId, long beforeOrAt, int limit, CancellationToken cancellationToken);
    /// <summary>Writes the group's profile (owner, mute-all, app-defined data, last activity included) and the given members' rows, in one transaction.</summary>
    Task UpdateAsync(GroupRecord group, IReadOnlyList<GroupMemberRecord> changedMembers, CancellationToken cancellationToken);

    /// <summary>Clears the bodies of the given messages and marks them recalled.</summary>
    Task RecallMessagesAsync(long sdkAppId, string groupId, IReadOnlyList<long> msgSeqs, CancellationToken cancellationToken);

    /// <summary>Messages with seq above <paramref name="afterSeq"/>, oldest first, at most <paramref name="limit"/> (sync).</summary>
    Task<IReadOnlyList<GroupMessageRecord>> ListMessagesAfterAsync(long sdkAppId, string groupId, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>Messages stored at or after <paramref name="sinceTime"/> (Unix seconds): what duplicate suppression must remember after a restart.</summary>
    Task<IReadOnlyList<GroupMessageRecord>> ListMessagesSinceAsync(long sdkAppId, string groupId, long sinceTime, CancellationToken cancellationToken);

    /// <summary>Messages after <paramref name="afterSeq"/> that member <paramref name="identifierKey"/> has to read: not recalled, not tips, not its own.</summary>
    Task<long> CountUnreadAsync(long sdkAppId, string groupId, string identifierKey, long afterSeq, CancellationToken cancellationToken);

    /// <summary>Moves a member's read cursor forward (never back).</summary>
    Task SetReadSeqAsync(long sdkAppId, string groupId, string identifierKey, long readSeq, CancellationToken cancellationToken);

    /// <summary>Every group of <paramref name="identifierKey"/> with the member's read cursor.</summary>
    Task<IReadOnlyList<(string GroupId, long ReadSeq)>> ListMembershipsAsync(long sdkAppId, string identifierKey, CancellationToken cancellationToken);

    /// <summary>Pending join requests of the group (NeedPermission), oldest first: applicant display spelling, message, time.</summary>
    Task<IReadOnlyList<(string Applicant, string? Message, long Time)>> ListJoinRequestsAsync(long sdkAppId, string groupId, CancellationToken cancellationToken);

    Task AddJoinRequestAsync(long sdkAppId, string groupId, string applicant, string? message, long time, CancellationToken cancellationToken);

    Task RemoveJoinRequestAsync(long sdkAppId, string groupId, string applicantKey, CancellationToken cancellationToken);

    /// <summary>
    /// Private groups with no membership or profile change and no message since <paramref name="cutoff"/> (Unix seconds):
    /// candidates for the 30-day reclaim (product-rules §5), at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<(long SdkAppId, string GroupId)>> ListIdlePrivateGroupsAsync(long cutoff, int limit, CancellationToken cancellationToken);

    /// <summary>The app's groups by id from <paramref name="offset"/>, optionally of one type; and how many there are (REST <c>get_appid_group_list</c>).</summary>
    Task<(IReadOnlyList<string> GroupIds, int Total)> ListAppGroupsAsync(long sdkAppId, GroupType? type, int offset, int limit, CancellationToken cancellationToken);
}
