using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Callbacks;
using Parley.Signaling.Delivery;
using Parley.Signaling.Grains;
using Parley.Signaling.Login;

namespace Parley.Signaling.Groups;

/// <summary>
/// One group: its profile and members in memory, loaded on activation and written through to the store before an
/// operation answers. Non-reentrant, so one group's changes are applied strictly one after another. Members, messages,
/// tips and recalls reach online users through the per-silo delivery step (<see cref="GroupDeliveryPump"/>); system
/// notifications to single users are stored and handed to their user grains. Creation, dismissal, joins, leaves and
/// messages are handed to the app's event callback (301–305, docs/callbacks.md) once stored, without waiting.
/// </summary>
internal sealed partial class GroupGrain(
    IGroupStore store, IMessageStore messages, TimeProvider time, IClusterMembershipService membership, ILogger<GroupGrain> logger, IAppEventSink events)
    : Grain, IGroupGrain
{
    private long _sdkAppId;
    private string _groupId = "";
    private GroupRecord? _group;
    // By identifier key (R2.1: case-insensitive).
    private readonly Dictionary<string, GroupMemberRecord> _members = new(StringComparer.Ordinal);
    // Pending join requests of a NeedPermission group, by applicant key.
    private readonly Dictionary<string, (string Applicant, string? Message, long Time)> _joinRequests = new(StringComparer.Ordinal);
    private GroupDeliveryPump? _pump;
    // The membership version whose active silos the pump has; another version means a node joined or left.
    private MembershipVersion _membershipVersion = MembershipVersion.MinValue;

    private string NotFound => $"group {_groupId} does not exist or was destroyed";

    private string GroupKey => GrainKeys.Group(_sdkAppId, _groupId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!GrainKeys.TrySplit(this.GetPrimaryKeyString(), out _sdkAppId, out _groupId))
        {
            return;
        }

        _group = await store.FindAsync(_sdkAppId, _groupId, cancellationToken);
        if (_group is not null)
        {
            await LoadAsync(_group, cancellationToken);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The silos forget this activation's member list; the next activation streams a fresh one. A silo that is
        // shutting down forgets everything anyway.
        if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            PublishToSilos(new GroupDeliveryItem(GroupDeliveryKind.Forget), () => []);
        }

        return Task.CompletedTask;
    }

    private async Task LoadAsync(GroupRecord group, CancellationToken cancellationToken)
    {
        foreach (var member in await store.ListMembersAsync(_sdkAppId, _groupId, cancellationToken))
        {
            _members[IdentifierRules.Key(member.Identifier)] = member;
        }

        foreach (var request in await store.ListJoinRequestsAsync(_sdkAppId, _groupId, cancellationToken))
        {
            _joinRequests[IdentifierRules.Key(request.Applicant)] = request;
        }

        _lastSeq = await store.GetLastMessageSeqAsync(_sdkAppId, _groupId, cancellationToken);
        if (_lastSeq > 0 && await store.ListMessagesAsync(_sdkAppId, _groupId, _lastSeq, 1, cancellationToken) is [var last, ..])
        {
            _lastMessageTime = last.MsgTime;
        }

        await RememberRecentSendsAsync(cancellationToken);
        StartDelivery(group);
    }

    private void StartDelivery(GroupRecord group)
    {
        _pump = new GroupDeliveryPump(_sdkAppId, _groupId, group.Type == GroupType.BChatRoom, logger);
        _membershipVersion = MembershipVersion.MinValue;
        RefreshSilos();
    }

    /// <summary>Queues <paramref name="item"/> for every active silo of the cluster as it is now.</summary>
    private void PublishToSilos(GroupDeliveryItem item, Func<IReadOnlyList<string>> snapshot)
    {
        RefreshSilos();
        _pump?.Publish(item, snapshot);
    }

    /// <summary>
    /// Takes the cluster's active silos (in the grain's turn) when the membership changed since the last look: a node
    /// that joined gets the member set and then every event, one that left is dropped.
    /// </summary>
    private void RefreshSilos()
    {
        var snapshot = membership.CurrentSnapshot;
        if (_pump is not { } pump || snapshot.Version == _membershipVersion)
        {
            return;
        }

        _membershipVersion = snapshot.Version;
        pump.SetSilos(snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .ToDictionary(name => name, name => (ISiloDelivery)GrainFactory.GetGrain<ISiloDeliveryGrain>(name), StringComparer.Ordinal));
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

        group = group with { LastActiveAt = group.CreatedAt };
        if (!await store.CreateAsync(group, distinct, CancellationToken.None))
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupIdTaken, $"group id {_groupId} is already used");
        }

        _group = group;
        foreach (var member in distinct)
        {
            _members[IdentifierRules.Key(member.Identifier)] = member;
        }

        StartDelivery(group);
        Emit(group, AppEventTypes.GroupCreated, group.Owner ?? "", [.. distinct.Select(m => m.Identifier)]);
        return GroupOutcome.Ok();
    }

    public Task<GroupView?> GetView()
    {
        if (_group is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<GroupView?>(null);
        }

        return Task.FromResult<GroupView?>(new GroupView(_group, [.. _members.Values.OrderBy(m => m.JoinedAt).ThenBy(m => m.Identifier, StringComparer.Ordinal)]));
    }

    public Task<GroupInfoView?> GetInfo(string? identifier)
    {
        if (_group is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<GroupInfoView?>(null);
        }

        var role = identifier is not null && _members.TryGetValue(IdentifierRules.Key(identifier), out var member) ? member.Role : null;
        return Task.FromResult<GroupInfoView?>(new GroupInfoView(_group, _members.Count, _lastSeq, role));
    }

    public async Task<int> CountOnline()
    {
        if (_pump is not { } pump)
        {
            return 0;
        }

        RefreshSilos();
        return await pump.CountOnlineAsync([.. _members.Keys]);
    }

    public async Task<GroupOutcome> MarkRead(string identifier, long msgSeq)
    {
        if (_group is null)
        {
            return GroupOutcome.Fail(GroupErrorCodes.GroupNotFound, NotFound);
        }

        var key = IdentifierRules.Key(identifier);
        if (!_members.ContainsKey(key))
        {
            return GroupOutcome.Fail(GroupErrorCodes.NoPermission, $"{identifier} is not a member of group {_groupId}");
        }

        await store.SetReadSeqAsync(_sdkAppId, _groupId, key, Math.Clamp(msgSeq, 0, _lastSeq), CancellationToken.None);
        return GroupOutcome.Ok();
    }

    /// <summary>The role of <paramref name="op"/>: Owner for the app's backend (null), null for a non-member.</summary>
    private string? RoleOf(string? op) =>
        op is null ? GroupRoles.Owner : _members.TryGetValue(IdentifierRules.Key(op), out var m) ? m.Role : null;

    /// <summary>Owner and admins manage; the app's backend is treated as the owner.</summary>
    private bool IsManager(string? op) => RoleOf(op) is GroupRoles.Owner or GroupRoles.Admin;

    /// <summary>
    /// Whether <paramref name="op"/> may act on <paramref name="target"/>: the app's backend on anyone, the owner on anyone
    /// else, an admin on ordinary members.
    /// </summary>
    private bool Outranks(string? op, GroupMemberRecord target) => op is null || RoleOf(op) switch
    {
        GroupRoles.Owner => target.Role != GroupRoles.Owner,
        GroupRoles.Admin => target.Role == GroupRoles.Member,
        _ => false,
    };

    private static GroupOutcome Denied(string? op, string what) => GroupOutcome.Fail(GroupErrorCodes.NoPermission, $"{op} may not {what}");

    /// <summary>Hands an event of this group to the app's event callback (the sink only queues it).</summary>
    private void Emit(GroupRecord group, int eventType, string op, IReadOnlyList<string> members, string? detail = null, GroupMessageRecord? message = null) =>
        events.Publish(new GroupAppEvent(_sdkAppId, eventType, time.GetUtcNow().ToUnixTimeMilliseconds(), _groupId, group.Type, op, members,
            group.Owner, group.Name, detail, message));

    /// <summary>Writes the profile with a new last-activity time and the changed members; keeps them in memory.</summary>
    private async Task SaveAsync(GroupRecord group, IReadOnlyList<GroupMemberRecord> changed, long now)
    {
        group = group with { LastActiveAt = now };
        await store.UpdateAsync(group, changed, CancellationToken.None);
        _group = group;
        foreach (var member in changed)
        {
            _members[IdentifierRules.Key(member.Identifier)] = member;
        }
    }
}
