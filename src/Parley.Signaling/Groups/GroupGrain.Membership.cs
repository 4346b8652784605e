using Parley.Protocol.Chat;
using Parley.Signaling.Delivery;
using Parley.Signaling.Login;
using Parley.Signaling.Messages;

namespace Parley.Signaling.Groups;

// Who is in the group: invitations, kicks, joining (with approval), quitting, dismissal and the 30-day reclaim.
internal sealed partial class GroupGrain
{
    public async Task<GroupOutcome> AddMembers(string? op, IReadOnlyList<string> identifiers, long now)
    {
        if (_group is not { } group)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (!GroupTypes.AcceptsAddedMembers(group.Type))
        {
            return GroupOutcome.Fail(GroupErrorCodes.NoPermission, $"members join a {group.Type} group by themselves; they cannot be added");
        }

        // Product-rules §5: any member invites into a Private group; Public and ChatRoom groups admit through owner/admins.
        if (op is not null && (group.Type == GroupType.Private ? RoleOf(op) is null : !IsManager(op)))
        {
            return Denied(op, $"invite into {group.Type} group {_groupId}");
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
            await AdmitAsync(op, added, now, "Invited");
            await NotifyAsync(added.Select(m => m.Identifier), new SystemNotificationRecord(0, SystemNotificationTypes.Invited, _groupId, op ?? "", now));
        }

        return GroupOutcome.Ok(results);
    }

    public async Task<GroupOutcome> RemoveMembers(string? op, IReadOnlyList<string> identifiers, long now)
    {
        if (_group is null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        var targets = identifiers.Select(IdentifierRules.Key).Distinct(StringComparer.Ordinal)
            .Where(_members.ContainsKey).Select(key => _members[key]).ToList();
        if (targets.Any(m => m.Role == GroupRoles.Owner))
        {
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, "the owner cannot be removed; transfer the ownership first");
        }

        if (targets.FirstOrDefault(m => !Outranks(op, m)) is { } protectedMember)
        {
            return Denied(op, $"remove {protectedMember.Identifier} from group {_groupId}");
        }

        if (targets.Count > 0)
        {
            await store.RemoveMembersAsync(_sdkAppId, _groupId, [.. targets.Select(m => m.Identifier)], CancellationToken.None);
            await EmitTipAsync(op, TipTypes.Kick, [.. targets.Select(m => m.Identifier)], null, now * 1000); // the kicked see it too
            Dismiss(targets);
            Emit(_group!, Callbacks.AppEventTypes.GroupMemberLeft, op ?? "", [.. targets.Select(m => m.Identifier)], "Kicked");
            await TouchAsync(now);
            await NotifyAsync(targets.Select(m => m.Identifier), new SystemNotificationRecord(0, SystemNotificationTypes.Kicked, _groupId, op ?? "", now));
        }

        return GroupOutcome.Ok();
    }

    public async Task<JoinOutcome> Join(string identifier, string? message, long now)
    {
        if (_group is not { } group)
        {
            return JoinOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        var key = IdentifierRules.Key(identifier);
        if (_members.ContainsKey(key))
        {
            return JoinOutcome.Fail(GroupErrorCodes.AlreadyMember, $"{identifier} is already a member of group {_groupId}");
        }

        var option = group.Type == GroupType.AVChatRoom ? "FreeAccess" : group.ApplyJoinOption;
        if (group.Type is GroupType.Private or GroupType.BChatRoom || option == "DisableApply")
        {
            // R5.3: Private groups are joined only by invitation; a BChatRoom reaches every online user without joining.
            return JoinOutcome.Fail(GroupErrorCodes.NoPermission, group.Type switch
            {
                GroupType.Private => $"a Private group is joined only by invitation",
                GroupType.BChatRoom => "every online user receives a BChatRoom's messages without joining",
                _ => $"group {_groupId} takes no applications",
            });
        }

        if (_members.Count >= group.MaxMemberCount)
        {
            return JoinOutcome.Fail(GroupErrorCodes.GroupFull, $"group {_groupId} is full ({group.MaxMemberCount} members)");
        }

        if (option == "NeedPermission")
        {
            if (!_joinRequests.ContainsKey(key))
            {
                await store.AddJoinRequestAsync(_sdkAppId, _groupId, identifier, message, now, CancellationToken.None);
                _joinRequests[key] = (identifier, message, now);
                await NotifyAsync(_members.Values.Where(m => m.Role is GroupRoles.Owner or GroupRoles.Admin).Select(m => m.Identifier),
                    new SystemNotificationRecord(0, SystemNotificationTypes.JoinRequest, _groupId, identifier, now, identifier, message));
            }

            return new JoinOutcome(0, "", JoinOutcome.Pending, 0);
        }

        var member = new GroupMemberRecord(identifier, GroupRoles.Member, now);
        await store.AddMembersAsync(_sdkAppId, _groupId, [member], CancellationToken.None);
        var lastSeq = _lastSeq;
        await AdmitAsync(identifier, [member], now, "Apply");
        return new JoinOutcome(0, "", JoinOutcome.Joined, lastSeq);
    }

    public async Task<GroupOutcome> HandleJoinRequest(string? op, string applicant, bool approve, string? reason, long now)
    {
        if (_group is not { } group)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (!IsManager(op))
        {
            return Denied(op, $"handle join requests of group {_groupId}");
        }

        var key = IdentifierRules.Key(applicant);
        if (!_joinRequests.Remove(key, out var request))
        {
            // Two admins handling the same request: the first decided it (grain turns are serialized).
            return GroupOutcome.Fail(GroupErrorCodes.InvalidParameter, $"no pending join request of {applicant} in group {_groupId} (already handled?)");
        }

        await store.RemoveJoinRequestAsync(_sdkAppId, _groupId, key, CancellationToken.None);
        if (approve && !_members.ContainsKey(key))
        {
            if (_members.Count >= group.MaxMemberCount)
            {
                await NotifyAsync([request.Applicant], new SystemNotificationRecord(0, SystemNotificationTypes.JoinRejected, _groupId, op ?? "", now,
                    request.Applicant, "the group is full"));
                return GroupOutcome.Fail(GroupErrorCodes.GroupFull, $"group {_groupId} is full ({group.MaxMemberCount} members)");
            }

            var member = new GroupMemberRecord(request.Applicant, GroupRoles.Member, now);
            await store.AddMembersAsync(_sdkAppId, _groupId, [member], CancellationToken.None);
            await AdmitAsync(op, [member], now, "Apply");
        }

        await NotifyAsync([request.Applicant], new SystemNotificationRecord(0, approve ? SystemNotificationTypes.JoinApproved : SystemNotificationTypes.JoinRejected,
            _groupId, op ?? "", now, request.Applicant, reason));
        return GroupOutcome.Ok();
    }

    public async Task<GroupOutcome> Quit(string identifier, long now)
    {
        if (_group is null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (!_members.TryGetValue(IdentifierRules.Key(identifier), out var member))
        {
            return GroupOutcome.Fail(GroupErrorCodes.NoPermission, $"{identifier} is not a member of group {_groupId}");
        }

        if (member.Role == GroupRoles.Owner)
        {
            return GroupOutcome.Fail(GroupErrorCodes.OwnerCannotQuit, "the owner cannot quit; transfer the ownership or dismiss the group");
        }

        await store.RemoveMembersAsync(_sdkAppId, _groupId, [member.Identifier], CancellationToken.None);
        Dismiss([member]);
        Emit(_group!, Callbacks.AppEventTypes.GroupMemberLeft, member.Identifier, [member.Identifier], "Quit");
        await EmitTipAsync(member.Identifier, TipTypes.Quit, [member.Identifier], null, now * 1000);
        await TouchAsync(now);
        return GroupOutcome.Ok();
    }

    public async Task<GroupOutcome> Destroy(string? op, long now)
    {
        if (_group is null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        if (RoleOf(op) != GroupRoles.Owner)
        {
            return Denied(op, $"dismiss group {_groupId} (only its owner or the app's backend)");
        }

        await EndAsync(op ?? "", SystemNotificationTypes.Dismissed, now);
        return GroupOutcome.Ok();
    }

    public async Task<bool> Reclaim(long cutoff, long now)
    {
        if (_group is not { Type: GroupType.Private } group || Math.Max(group.LastActiveAt, _lastMessageTime) >= cutoff)
        {
            return false;
        }

        await EndAsync("", SystemNotificationTypes.Reclaimed, now);
        return true;
    }

    /// <summary>Deletes the group, tells every member (stored notification), and makes the silos forget it.</summary>
    private async Task EndAsync(string op, string notificationType, long now)
    {
        var members = _members.Values.Select(m => m.Identifier).ToList();
        var group = _group!;
        await store.DeleteAsync(_sdkAppId, _groupId, CancellationToken.None);
        Emit(group, Callbacks.AppEventTypes.GroupDestroyed, op, members);
        _group = null;
        _members.Clear();
        _joinRequests.Clear();
        PublishToSilos(new GroupDeliveryItem(GroupDeliveryKind.Forget), () => []);
        _pump = null;
        await NotifyAsync(members, new SystemNotificationRecord(0, notificationType, _groupId, op, now));
        DeactivateOnIdle();
    }

    /// <summary>
    /// Makes stored new members known here and to the silos, then tells the group (a Join tip, which they see too) and the
    /// app (303 with the vendor's <paramref name="joinType"/>: Apply or Invited).
    /// </summary>
    private async Task AdmitAsync(string? op, IReadOnlyList<GroupMemberRecord> added, long now, string joinType)
    {
        Emit(_group!, Callbacks.AppEventTypes.GroupMemberJoined, op ?? "", [.. added.Select(m => m.Identifier)], joinType);
        foreach (var member in added)
        {
            var key = IdentifierRules.Key(member.Identifier);
            _members[key] = member;
            PublishToSilos(new GroupDeliveryItem(GroupDeliveryKind.MemberAdded, key), SnapshotKeys);
        }

        await EmitTipAsync(op, TipTypes.Join, [.. added.Select(m => m.Identifier)], null, now * 1000);
        await TouchAsync(now);
    }

    /// <summary>Forgets removed members here and on the silos (after the tip that tells them).</summary>
    private void Dismiss(IReadOnlyList<GroupMemberRecord> removed)
    {
        foreach (var member in removed)
        {
            var key = IdentifierRules.Key(member.Identifier);
            _members.Remove(key);
            PublishToSilos(new GroupDeliveryItem(GroupDeliveryKind.MemberRemoved, key), SnapshotKeys);
        }
    }

    private IReadOnlyList<string> SnapshotKeys() => [.. _members.Keys];

    /// <summary>Records a membership change as activity (the 30-day reclaim counts from the last one).</summary>
    private Task TouchAsync(long now) => _group is { } group ? SaveAsync(group, [], now) : Task.CompletedTask;
}
