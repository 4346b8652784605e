using Parley.Signaling.Abstractions;
using Parley.Signaling.Groups;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>
/// Test double of the server's group storage for signaling-only hosts (the SQLite one is tested in Parley.Server.Tests):
/// one lock, lists and dictionaries.
/// </summary>
public sealed class InMemoryGroupStore : IGroupStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(long, string), GroupRecord> _groups = [];
    private readonly Dictionary<(long, string), Dictionary<string, (GroupMemberRecord Member, long ReadSeq)>> _members = [];
    private readonly Dictionary<(long, string), SortedDictionary<long, GroupMessageRecord>> _messages = [];
    private readonly Dictionary<(long, string), List<(string Applicant, string? Message, long Time)>> _requests = [];

    private static string Key(string identifier) => identifier.ToLowerInvariant();

    public Task<bool> CreateAsync(GroupRecord group, IReadOnlyList<GroupMemberRecord> members, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_groups.TryAdd((group.SdkAppId, group.GroupId), group))
            {
                return Task.FromResult(false);
            }

            _members[(group.SdkAppId, group.GroupId)] = members.ToDictionary(m => Key(m.Identifier), m => (m, 0L));
            return Task.FromResult(true);
        }
    }

    public Task<GroupRecord?> FindAsync(long sdkAppId, string groupId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_groups.GetValueOrDefault((sdkAppId, groupId)));
        }
    }

    public Task<IReadOnlyList<GroupMemberRecord>> ListMembersAsync(long sdkAppId, string groupId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<GroupMemberRecord>>(
                _members.TryGetValue((sdkAppId, groupId), out var m) ? [.. m.Values.Select(v => v.Member).OrderBy(v => v.JoinedAt)] : []);
        }
    }

    public Task AddMembersAsync(long sdkAppId, string groupId, IReadOnlyList<GroupMemberRecord> members, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var all = _members[(sdkAppId, groupId)];
            foreach (var m in members)
            {
                all.TryAdd(Key(m.Identifier), (m, 0));
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveMembersAsync(long sdkAppId, string groupId, IReadOnlyList<string> identifiers, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var identifier in identifiers)
            {
                _members[(sdkAppId, groupId)].Remove(Key(identifier));
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(long sdkAppId, string groupId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _groups.Remove((sdkAppId, groupId));
            _members.Remove((sdkAppId, groupId));
            _messages.Remove((sdkAppId, groupId));
            _requests.Remove((sdkAppId, groupId));
        }

        return Task.CompletedTask;
    }

    public Task<(IReadOnlyList<string> GroupIds, int Total)> ListGroupsOfMemberAsync(long sdkAppId, string identifier, int offset, int limit,
        CancellationToken cancellationToken)
    {
        var ids = Memberships(sdkAppId, Key(identifier)).Select(m => m.GroupId).ToList();
        return Task.FromResult<(IReadOnlyList<string>, int)>((ids.Skip(offset).Take(limit).ToList(), ids.Count));
    }

    public Task AppendMessageAsync(long sdkAppId, string groupId, GroupMessageRecord message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue((sdkAppId, groupId), out var list))
            {
                _messages[(sdkAppId, groupId)] = list = [];
            }

            list.Add(message.MsgSeq, message);
        }

        return Task.CompletedTask;
    }

    public Task<long> GetLastMessageSeqAsync(long sdkAppId, string groupId, CancellationToken cancellationToken) =>
        Task.FromResult(Messages(sdkAppId, groupId).LastOrDefault()?.MsgSeq ?? 0);

    public Task<IReadOnlyList<GroupMessageRecord>> ListMessagesAsync(long sdkAppId, string groupId, long beforeOrAt, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GroupMessageRecord>>([.. Messages(sdkAppId, groupId).Where(m => m.MsgSeq <= beforeOrAt).Reverse().Take(limit)]);

    public Task UpdateAsync(GroupRecord group, IReadOnlyList<GroupMemberRecord> changedMembers, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _groups[(group.SdkAppId, group.GroupId)] = group;
            var all = _members[(group.SdkAppId, group.GroupId)];
            foreach (var m in changedMembers)
            {
                all[Key(m.Identifier)] = (m, all.TryGetValue(Key(m.Identifier), out var old) ? old.ReadSeq : 0);
            }
        }

        return Task.CompletedTask;
    }

    public Task RecallMessagesAsync(long sdkAppId, string groupId, IReadOnlyList<long> msgSeqs, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var seq in msgSeqs)
            {
                var list = _messages[(sdkAppId, groupId)];
                list[seq] = list[seq] with { MsgBody = "", Recalled = true };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<GroupMessageRecord>> ListMessagesAfterAsync(long sdkAppId, string groupId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GroupMessageRecord>>([.. Messages(sdkAppId, groupId).Where(m => m.MsgSeq > afterSeq).Take(limit)]);

    public Task<IReadOnlyList<GroupMessageRecord>> ListMessagesSinceAsync(long sdkAppId, string groupId, long sinceTime, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GroupMessageRecord>>([.. Messages(sdkAppId, groupId).Where(m => m.MsgTime >= sinceTime)]);

    public Task<long> CountUnreadAsync(long sdkAppId, string groupId, string identifierKey, long afterSeq, CancellationToken cancellationToken) =>
        Task.FromResult((long)Messages(sdkAppId, groupId).Count(m => m.MsgSeq > afterSeq && !m.Recalled && !Parley.Signaling.Messages.ChatMessages.IsTip(m)
            && Key(m.From) != identifierKey));

    public Task SetReadSeqAsync(long sdkAppId, string groupId, string identifierKey, long readSeq, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var all = _members[(sdkAppId, groupId)];
            if (all.TryGetValue(identifierKey, out var m))
            {
                all[identifierKey] = (m.Member, Math.Max(m.ReadSeq, readSeq));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<(string GroupId, long ReadSeq)>> ListMembershipsAsync(long sdkAppId, string identifierKey, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(string GroupId, long ReadSeq)>>(Memberships(sdkAppId, identifierKey));

    public Task<IReadOnlyList<(string Applicant, string? Message, long Time)>> ListJoinRequestsAsync(long sdkAppId, string groupId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<(string, string?, long)>>(_requests.TryGetValue((sdkAppId, groupId), out var r) ? [.. r] : []);
        }
    }

    public Task AddJoinRequestAsync(long sdkAppId, string groupId, string applicant, string? message, long time, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_requests.TryGetValue((sdkAppId, groupId), out var list))
            {
                _requests[(sdkAppId, groupId)] = list = [];
            }

            list.Add((applicant, message, time));
        }

        return Task.CompletedTask;
    }

    public Task RemoveJoinRequestAsync(long sdkAppId, string groupId, string applicantKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _requests.GetValueOrDefault((sdkAppId, groupId))?.RemoveAll(r => Key(r.Applicant) == applicantKey);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<(long SdkAppId, string GroupId)>> ListIdlePrivateGroupsAsync(long cutoff, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<(long, string)>>([.. _groups.Values
                .Where(g => g.Type == GroupType.Private && g.LastActiveAt < cutoff
                    && !(_messages.TryGetValue((g.SdkAppId, g.GroupId), out var m) && m.Values.Any(x => x.MsgTime >= cutoff)))
                .Take(limit).Select(g => (g.SdkAppId, g.GroupId))]);
        }
    }

    public Task<(IReadOnlyList<string> GroupIds, int Total)> ListAppGroupsAsync(long sdkAppId, GroupType? type, int offset, int limit,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var ids = _groups.Values.Where(g => g.SdkAppId == sdkAppId && (type is null || g.Type == type)).Select(g => g.GroupId).Order(StringComparer.Ordinal).ToList();
            return Task.FromResult<(IReadOnlyList<string>, int)>(
                (ids.Skip(offset).Take(limit).ToList(), ids.Count));
        }
    }

    private List<GroupMessageRecord> Messages(long sdkAppId, string groupId)
    {
        lock (_gate)
        {
            return _messages.TryGetValue((sdkAppId, groupId), out var list) ? [.. list.Values] : [];
        }
    }

    private List<(string GroupId, long ReadSeq)> Memberships(long sdkAppId, string identifierKey)
    {
        lock (_gate)
        {
            return [.. _members.Where(p => p.Key.Item1 == sdkAppId && p.Value.ContainsKey(identifierKey))
                .Select(p => (p.Key.Item2, p.Value[identifierKey].ReadSeq)).OrderBy(p => p.Item1, StringComparer.Ordinal)];
        }
    }
}
