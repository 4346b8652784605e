namespace Parley.Signaling.Delivery;

/// <summary>
/// One silo's delivery step, addressed by the silo: the key is the silo's address
/// (<c>SiloAddress.ToParsableString()</c>) and <see cref="SiloKeyedPlacementAttribute"/> activates the grain on exactly
/// that silo, where it hands batches to the silo's <see cref="SiloGroupDelivery"/>. Group grains take the silos from
/// the cluster's membership, so a node that joins is reached from its first message on, and nothing has to register.
/// </summary>
[Alias("parley.ISiloDeliveryGrain")]
public interface ISiloDeliveryGrain : IGrainWithStringKey, ISiloDelivery;
