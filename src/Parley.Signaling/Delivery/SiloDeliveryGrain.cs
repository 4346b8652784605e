using Orleans.Concurrency;

namespace Parley.Signaling.Delivery;

/// <summary>
/// Forwards to this silo's <see cref="SiloGroupDelivery"/>. Stateless, so deactivating it loses nothing; reentrant,
/// because batches of different groups need not wait for each other (one group's batches are sent one at a time by
/// its pump, and <see cref="SiloGroupDelivery"/> locks per group).
/// </summary>
[Reentrant]
[SiloKeyedPlacement]
internal sealed class SiloDeliveryGrain(SiloGroupDelivery delivery) : Grain, ISiloDeliveryGrain
{
    public Task Deliver(GroupDeliveryBatch batch) => delivery.Deliver(batch);

    public Task<int> CountOnline(long sdkAppId, string groupId, IReadOnlyList<string> memberKeys) => delivery.CountOnline(sdkAppId, groupId, memberKeys);
}
