using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Logging;
using Parley.Signaling.Observability;

namespace Parley.Signaling.Delivery;

/// <summary>
/// This silo's half of group fan-out: keeps each group's member keys as the group grain streams them (snapshot, then
/// joins and leaves in order with the messages), and hands each notification to the members' sessions held here —
/// one grain call per silo per batch, however many members.
/// </summary>
internal sealed class SiloGroupDelivery(LocalSessions sessions, ILogger<SiloGroupDelivery> logger) : ISiloDelivery
{
    private readonly ConcurrentDictionary<(long SdkAppId, string GroupId), GroupMembers> _groups = new();

    /// <summary>Groups whose members this silo tracks (for tests and metrics).</summary>
    public int TrackedGroups => _groups.Count;

    public Task Deliver(GroupDeliveryBatch batch)
    {
        var key = (batch.SdkAppId, batch.GroupId);
        var members = _groups.GetOrAdd(key, static _ => new GroupMembers());
        lock (members)
        {
            if (members.Epoch != batch.Epoch)
            {
                members.Epoch = batch.Epoch;
                members.Keys.Clear();
                members.Known = false;
            }

            foreach (var item in batch.Items)
            {
                Apply(batch, members, item);
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> CountOnline(long sdkAppId, string groupId, IReadOnlyList<string> memberKeys)
    {
        var users = sessions.UsersOf(sdkAppId);
        return Task.FromResult(memberKeys.Count(users.ContainsKey) + sessions.GuestCount(sdkAppId, groupId));
    }

    private void Apply(GroupDeliveryBatch batch, GroupMembers members, GroupDeliveryItem item)
    {
        switch (item.Kind)
        {
            case GroupDeliveryKind.Snapshot:
                members.Keys.Clear();
                members.Keys.UnionWith(item.Keys ?? []);
                members.Known = true;
                break;
            case GroupDeliveryKind.MemberAdded:
                members.Keys.Add(item.Text!);
                break;
            case GroupDeliveryKind.MemberRemoved:
                members.Keys.Remove(item.Text!);
                break;
            case GroupDeliveryKind.Forget:
                _groups.TryRemove(new KeyValuePair<(long, string), GroupMembers>((batch.SdkAppId, batch.GroupId), members));
                members.Keys.Clear();
                members.Known = false;
                break;
            case GroupDeliveryKind.Notification:
                if (!members.Known && !batch.EveryoneOnline)
                {
                    logger.GroupDeliveryWithoutMembers(batch.SdkAppId, batch.GroupId);
                    break;
                }

                Notify(batch, members, System.Text.Encoding.UTF8.GetBytes(item.Text!)); // once, shared by every session here
                break;
        }
    }

    private void Notify(GroupDeliveryBatch batch, GroupMembers members, byte[] notification)
    {
        var users = sessions.UsersOf(batch.SdkAppId);
        var delivered = 0;
        if (batch.EveryoneOnline)
        {
            foreach (var sink in users.Values)
            {
                sink.Notify(notification);
                delivered++;
            }
        }
        else if (members.Keys.Count <= users.Count)
        {
            // Walk the smaller side: a 10,000-member group with few members online here, or a silo with few users.
            foreach (var member in members.Keys)
            {
                if (users.TryGetValue(member, out var sink))
                {
                    sink.Notify(notification);
                    delivered++;
                }
            }
        }
        else
        {
            foreach (var (identifierKey, sink) in users)
            {
                if (members.Keys.Contains(identifierKey))
                {
                    sink.Notify(notification);
                    delivered++;
                }
            }
        }

        foreach (var guest in sessions.GuestsOf(batch.SdkAppId, batch.GroupId))
        {
            guest.Notify(notification);
            delivered++;
        }

        ParleyInstruments.GroupDeliveries.Add(delivered);
    }

    /// <summary>One group's member keys as last streamed; guarded by locking the instance.</summary>
    private sealed class GroupMembers
    {
        public Guid Epoch;
        public bool Known;
        public readonly HashSet<string> Keys = new(StringComparer.Ordinal);
    }
}
