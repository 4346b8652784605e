using Orleans;
using Orleans.Runtime;

namespace Parley.Server.Hosting;

/// <summary>Tracks whether the co-hosted silo has reached its Active stage (for <c>/healthz</c>).</summary>
public sealed class SiloReadiness : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _active;

    public bool IsActive => _active;

    public void Participate(ISiloLifecycle observer)
    {
        observer.Subscribe(
            nameof(SiloReadiness),
            ServiceLifecycleStage.Active,
            _ =>
            {
                _active = true;
                return Task.CompletedTask;
            },
            _ =>
            {
                // Leaving Active is the first step of shutdown: stop reporting healthy right away.
                _active = false;
                return Task.CompletedTask;
            });
    }
}
