using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Delivery;

/// <summary>
/// Registers this silo's <see cref="SiloGroupDelivery"/> with the <see cref="ISiloDirectoryGrain"/> once the host has
/// started (so the co-hosted silo runs; retrying until the call succeeds), then again every <see cref="SiloDirectoryGrain.RefreshInterval"/>;
/// unregisters when the host stops. Group grains that find the list empty read it again before they publish.
/// </summary>
internal sealed class SiloDeliveryRegistration(IGrainFactory grains, SiloGroupDelivery delivery, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<SiloDeliveryRegistration> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private readonly string _name = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosted services may start before the co-hosted silo; a grain call made before it runs gets a cluster
        // manifest without our grain types. Once the host has started, the silo has.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var reference = grains.CreateObjectReference<ISiloDelivery>(delivery);
        var registered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Directory.Register(_name, reference).WaitAsync(stoppingToken);
                registered = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (registered)
                {
                    logger.SiloDeliveryRegistrationFailed(ex);
                }
            }

            try
            {
                await Task.Delay(registered ? SiloDirectoryGrain.RefreshInterval : RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await Directory.Unregister(_name).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or OrleansException)
        {
            // The silo is going away; group grains drop a silo whose deliveries fail and read the list again.
        }
    }

    private ISiloDirectoryGrain Directory => grains.GetGrain<ISiloDirectoryGrain>(0);
}
