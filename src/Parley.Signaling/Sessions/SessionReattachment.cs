using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Sessions;

/// <summary>
/// Watches the cluster's membership; when a node is declared dead, every session of this node re-asserts itself with
/// its user grain and room (<see cref="SignalingSession.ReattachAsync"/>), so users connected to surviving nodes stay
/// logged in and in their rooms although the grains that knew it died with that node. A single node never sees this.
/// </summary>
internal sealed class SessionReattachment(IClusterMembershipService membership, SessionRegistry sessions, ILogger<SessionReattachment> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var newlyDead in membership.NewlyDeadSilos(stoppingToken))
        {
            var all = sessions.All;
            logger.ReattachingSessions(all.Count, string.Join(", ", newlyDead));
            await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (session, _) => await session.ReattachAsync());
        }
    }
}
