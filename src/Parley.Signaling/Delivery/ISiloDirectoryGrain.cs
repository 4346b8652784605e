namespace Parley.Signaling.Delivery;

/// <summary>
/// Which silos take group deliveries (key 0): each silo registers its <see cref="ISiloDelivery"/> at start and again
/// every <see cref="SiloDirectoryGrain.RefreshInterval"/>, so a directory that moved to another silo fills again; group
/// grains read the list when they activate and at the same interval.
/// </summary>
[Alias("parley.ISiloDirectoryGrain")]
public interface ISiloDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Register")]
    Task Register(string silo, ISiloDelivery delivery);

    [Alias("Unregister")]
    Task Unregister(string silo);

    [Alias("GetSilos")]
    Task<IReadOnlyDictionary<string, ISiloDelivery>> GetSilos();
}
