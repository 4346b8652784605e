using Orleans.Runtime.Placement;

namespace Parley.Signaling.Delivery;

/// <summary>
/// Places a <see cref="SiloKeyedPlacement"/> grain on the silo its key names. A silo that is not (or no longer) in the
/// cluster is refused: the caller's delivery fails and the group reads the membership again.
/// </summary>
internal sealed class SiloKeyedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == key);
        return silo is not null
            ? Task.FromResult(silo)
            : Task.FromException<SiloAddress>(new OrleansException($"Silo {key} is not an active member of the cluster; its delivery grain cannot be placed."));
    }
}
