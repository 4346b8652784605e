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
}
