using Microsoft.Extensions.Logging;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Delivery;

/// <summary>
/// A group grain's outgoing side of fan-out: one queue per delivering silo, drained by one call at a time, so events
/// reach each silo in the order the group produced them, and a burst that piles up while a call is in flight goes out
/// as one batch. <see cref="Publish"/> only queues — the sender of a message never waits for its delivery. The drain
/// runs off the grain's scheduler (Task.Run) so a slow silo cannot hold up the group's turns.
/// </summary>
internal sealed class GroupDeliveryPump(long sdkAppId, string groupId, bool everyoneOnline, ILogger logger)
{
    private readonly Guid _epoch = Guid.NewGuid();
    private readonly Dictionary<string, SiloQueue> _silos = new(StringComparer.Ordinal);

    public bool HasSilos => _silos.Count > 0;

    /// <summary>Takes the directory's current list (called in the grain's turn): new silos start with a snapshot, gone ones are dropped.</summary>
    public void SetSilos(IReadOnlyDictionary<string, ISiloDelivery> silos)
    {
        foreach (var gone in _silos.Keys.Where(name => !silos.ContainsKey(name)).ToList())
        {
            _silos.Remove(gone);
        }

        foreach (var (name, target) in silos)
        {
            if (!_silos.TryGetValue(name, out var queue) || !ReferenceEquals(queue.Target, target) && !queue.Target.Equals(target))
            {
                _silos[name] = new SiloQueue(name, target);
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="item"/> for every silo (called in the grain's turn). A silo that has not had the member set
    /// in this activation first gets <paramref name="snapshot"/>() — the members as they were before this item.
    /// </summary>
    public void Publish(GroupDeliveryItem item, Func<IReadOnlyList<string>> snapshot)
    {
        IReadOnlyList<string>? keys = null;
        foreach (var queue in _silos.Values)
        {
            lock (queue)
            {
                if (queue.NeedsSnapshot && item.Kind != GroupDeliveryKind.Forget)
                {
                    queue.Pending.Add(new GroupDeliveryItem(GroupDeliveryKind.Snapshot, Keys: keys ??= snapshot()));
                    queue.NeedsSnapshot = false;
                }

                queue.Pending.Add(item);
                if (!queue.Draining)
                {
                    queue.Draining = true;
                    _ = Task.Run(() => DrainAsync(queue));
                }
            }
        }
    }

    /// <summary>Members online and guests over every silo (answers from silos that do not answer in 2 s are left out).</summary>
    public async Task<int> CountOnlineAsync(IReadOnlyList<string> memberKeys)
    {
        var counts = await Task.WhenAll(_silos.Values.Select(async queue =>
        {
            try
            {
                return await queue.Target.CountOnline(sdkAppId, groupId, memberKeys).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                return 0;
            }
        }));
        return counts.Sum();
    }

    private async Task DrainAsync(SiloQueue queue)
    {
        while (true)
        {
            List<GroupDeliveryItem> items;
            lock (queue)
            {
                if (queue.Pending.Count == 0)
                {
                    queue.Draining = false;
                    return;
                }

                items = queue.Pending;
                queue.Pending = [];
            }

            try
            {
                await queue.Target.Deliver(new GroupDeliveryBatch(sdkAppId, groupId, _epoch, everyoneOnline, items));
            }
            catch (Exception ex)
            {
                // The silo may be gone or slow; what it missed is lost there (its members read it through sync), and it
                // gets the member list afresh before anything else.
                logger.GroupDeliveryFailed(ex, $"{sdkAppId}/{groupId}", queue.Name, items.Count);
                lock (queue)
                {
                    queue.NeedsSnapshot = true;
                    queue.Pending.Clear();
                }
            }
        }
    }

    private sealed class SiloQueue(string name, ISiloDelivery target)
    {
        public string Name { get; } = name;

        public ISiloDelivery Target { get; } = target;

        // Guarded by locking the queue.
        public List<GroupDeliveryItem> Pending { get; set; } = [];

        public bool Draining { get; set; }

        public bool NeedsSnapshot { get; set; } = true;
    }
}
