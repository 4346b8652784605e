using Orleans.Placement;

namespace Parley.Signaling.Delivery;

/// <summary>Activates a string-keyed grain on the silo whose address is its key (<see cref="SiloKeyedPlacementDirector"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class SiloKeyedPlacementAttribute() : PlacementAttribute(SiloKeyedPlacement.Instance);
