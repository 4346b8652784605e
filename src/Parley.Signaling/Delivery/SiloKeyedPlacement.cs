namespace Parley.Signaling.Delivery;

/// <summary>The placement of <see cref="SiloKeyedPlacementAttribute"/>: the grain's key names its silo.</summary>
[GenerateSerializer]
[Immutable]
[Alias("parley.SiloKeyedPlacement")]
public sealed class SiloKeyedPlacement : PlacementStrategy
{
    internal static readonly SiloKeyedPlacement Instance = new();
}
