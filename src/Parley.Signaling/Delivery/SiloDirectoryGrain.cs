namespace Parley.Signaling.Delivery;

/// <summary>The list of delivering silos, in memory; kept active for as long as its silo runs.</summary>
internal sealed class SiloDirectoryGrain : Grain, ISiloDirectoryGrain
{
    /// <summary>How often silos register again and group grains read the list again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, ISiloDelivery> _silos = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task Register(string silo, ISiloDelivery delivery)
    {
        _silos[silo] = delivery;
        return Task.CompletedTask;
    }

    public Task Unregister(string silo)
    {
        _silos.Remove(silo);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, ISiloDelivery>> GetSilos() =>
        Task.FromResult<IReadOnlyDictionary<string, ISiloDelivery>>(new Dictionary<string, ISiloDelivery>(_silos, StringComparer.Ordinal));
}
