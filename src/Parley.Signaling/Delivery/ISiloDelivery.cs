namespace Parley.Signaling.Delivery;

/// <summary>
/// The per-silo delivery step of group fan-out (docs/ARCHITECTURE.md, "Groups"): a group grain sends each silo one
/// batch per burst of events — not one call per member — and the silo hands each event to the sessions of members it
/// holds. Implemented once per silo by <see cref="SiloGroupDelivery"/> and reached as a grain observer, so the group
/// grain need not know where members are connected. A group sends one batch at a time per silo, so a silo sees a
/// group's events in the order the group produced them.
/// </summary>
[Alias("parley.ISiloDelivery")]
public interface ISiloDelivery : IGrainObserver
{
    [Alias("Deliver")]
    Task Deliver(GroupDeliveryBatch batch);

    /// <summary>How many of <paramref name="memberKeys"/> have a session on this silo, plus the group's guests here.</summary>
    [Alias("CountOnline")]
    Task<int> CountOnline(long sdkAppId, string groupId, IReadOnlyList<string> memberKeys);
}
