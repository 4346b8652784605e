using Parley.Signaling.Abstractions;
using Parley.Signaling.Grains;
using Parley.Signaling.Login;

namespace Parley.Signaling.Groups;

/// <summary>
/// One group: its profile and members in memory, loaded on activation and written through to the store before an
/// operation answers. Non-reentrant, so one group's changes are applied strictly one after another.
/// </summary>
internal sealed partial class GroupGrain(IGroupStore store) : Grain, IGroupGrain
{
    private long _sdkAppId;
    private string _groupId = "";
    private GroupRecord? _group;
    // By identifier key (R2.1: case-insensitive), each with its user grain's reference, resolved once at join rather
    // than for every message the group fans out.
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);

    private string NotFound => $"group {_groupId} does not exist or was destroyed";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!GrainKeys.TrySplit(this.GetPrimaryKeyString(), out _sdkAppId, out _groupId))
        {
            return;
        }

        _group = await store.FindAsync(_sdkAppId, _groupId, cancellationToken);
        if (_group is not null)
        {
            foreach (var member in await store.ListMembersAsync(_sdkAppId, _groupId, cancellationToken))
            {
                AddMember(member);
            }

            _lastSeq = await store.GetLastMessageSeqAsync(_sdkAppId, _groupId, cancellationToken);
        }
    }

    public async Task<GroupOutcome> Create(GroupRecord group, IReadOnlyList<GroupMemberRecord> members)
    {
        if (_group is not null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupIdTaken, $"group id {_groupId} is already used");
        }

        var distinct = members.DistinctBy(m => IdentifierRules.Key(m.Identifier)).ToList();
        if (distinct.Count > group.MaxMemberCount)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupFull, $"{distinct.Count} members exceed the group's maximum of {group.MaxMemberCount}");
        }

        if (!await store.CreateAsync(group, distinct, CancellationToken.None))
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupIdTaken, $"group id {_groupId} is already used");
        }

        _group = group;
        foreach (var member in distinct)
        {
            AddMember(member);
        }

        return GroupOutcome.Ok();
    }

    public Task<GroupView?> GetView()
    {
        if (_group is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<GroupView?>(null);
        }

        return Task.FromResult<GroupView?>(new GroupView(_group, [.. _members.Values.Select(m => m.Record).OrderBy(m => m.JoinedAt).ThenBy(m => m.Identifier, StringComparer.Ordinal)]));
    }

    public async Task<GroupOutcome> AddMembers(IReadOnlyList<string> identifiers, long now)
    {
        if (_group is not { } group)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (!GroupTypes.AcceptsAddedMembers(group.Type))
        {
            return GroupOutcome.Fail(GroupErrorCodes.NoPermission, $"members join a {group.Type} group by themselves; they cannot be added");
        }

        var results = new int[identifiers.Count];
        var added = new List<GroupMemberRecord>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < identifiers.Count; i++)
        {
            var key = IdentifierRules.Key(identifiers[i]);
            if (_members.ContainsKey(key) || !keys.Add(key))
            {
                results[i] = 2; // already a member (vendor: Result 2)
                continue;
            }

            results[i] = 1;
            added.Add(new GroupMemberRecord(identifiers[i], GroupRoles.Member, now));
        }

        if (_members.Count + added.Count > group.MaxMemberCount)
        {
            // R5.3: the whole request fails, so the caller knows nobody was added.
            return GroupOutcome.Fail(GroupErrorCodes.GroupFull, $"the group has {_members.Count} of {group.MaxMemberCount} members; {added.Count} more do not fit");
        }

        if (added.Count > 0)
        {
            await store.AddMembersAsync(_sdkAppId, _groupId, added, CancellationToken.None);
            foreach (var member in added)
            {
                AddMember(member);
            }
        }

        return GroupOutcome.Ok(results);
    }

    public async Task<GroupOutcome> RemoveMembers(IReadOnlyList<string> identifiers)
    {
        if (_group is not { } group)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        var keys = identifiers.Select(IdentifierRules.Key).Where(_members.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        if (group.Owner is { } owner && keys.Contains(IdentifierRules.Key(owner)))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "the owner cannot be removed; transfer the ownership first");
        }

        if (keys.Count > 0)
        {
            await store.RemoveMembersAsync(_sdkAppId, _groupId, keys, CancellationToken.None);
            foreach (var key in keys)
            {
                _members.Remove(key);
            }
        }

        return GroupOutcome.Ok();
    }

    public async Task<GroupOutcome> Destroy()
    {
        if (_group is null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        await store.DeleteAsync(_sdkAppId, _groupId, CancellationToken.None);
        _group = null;
        _members.Clear();
        DeactivateOnIdle();
        return GroupOutcome.Ok();
    }

    private void AddMember(GroupMemberRecord record)
    {
        var key = IdentifierRules.Key(record.Identifier);
        _members[key] = new Member(record, GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(_sdkAppId, key)));
    }

    private sealed record Member(GroupMemberRecord Record, IUserGrain User);
}
