using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Grains;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Groups;

/// <summary>
/// Product-rules §5 ("Private: reclaimed after 30 days"): every <see cref="GroupOptions.ReclaimSweepInterval"/> the store
/// names Private groups idle for <see cref="GroupOptions.PrivateIdleLimit"/>, and each group's grain checks again and
/// dissolves it, telling its members (<c>reclaimed</c>). Runs on the host's clock, so tests drive it with a fake one.
/// </summary>
internal sealed class GroupReclaimer(IGroupStore store, IGrainFactory grains, TimeProvider time, IOptions<GroupOptions> options,
    ILogger<GroupReclaimer> logger) : IHostedService, IDisposable
{
    private const int Batch = 500;
    private ITimer? _timer;
    private int _sweeping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.ReclaimSweepInterval;
        _timer = time.CreateTimer(static s => _ = ((GroupReclaimer)s!).SweepAsync(), this, interval, interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>One sweep (public for tests that want it now rather than at the next tick); overlapping ticks are skipped.</summary>
    public async Task<int> SweepAsync()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return 0;
        }

        var reclaimed = 0;
        try
        {
            var now = time.GetUtcNow();
            var cutoff = (now - options.Value.PrivateIdleLimit).ToUnixTimeSeconds();
            foreach (var (sdkAppId, groupId) in await store.ListIdlePrivateGroupsAsync(cutoff, Batch, CancellationToken.None))
            {
                if (await grains.GetGrain<IGroupGrain>(GrainKeys.Group(sdkAppId, groupId)).Reclaim(cutoff, now.ToUnixTimeSeconds()))
                {
                    reclaimed++;
                    logger.GroupReclaimed(GrainKeys.Group(sdkAppId, groupId), (int)options.Value.PrivateIdleLimit.TotalDays);
                }
            }
        }
        catch (Exception ex)
        {
            logger.ReclaimSweepFailed(ex);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }

        return reclaimed;
    }
}
