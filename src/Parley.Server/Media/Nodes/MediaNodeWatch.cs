using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Parley.Server.Media.Rooms;
using Parley.Signaling.Sessions;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// Watches the cluster's membership for the media of rooms. When a node is declared dead: every stay of this node's
/// sessions whose room had its media there joins the room's media again (<see cref="MediaStayLink.ResetAsync"/>: the
/// client hears <c>mediaReset</c> and publishes again), and every room whose media is here drops the stays of that
/// node's sessions (their sockets died with it; the clients come back through other nodes as new sessions).
/// </summary>
internal sealed class MediaNodeWatch(
    IClusterMembershipService membership,
    SessionMediaHandler handler,
    LocalRoomMedia localRooms,
    IGrainFactory grains,
    ILogger<MediaNodeWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var newlyDead in membership.NewlyDeadSilos(stoppingToken))
        {
            foreach (var silo in newlyDead)
            {
                await OnNodeDiedAsync(silo.ToParsableString());
            }
        }
    }

    private async Task OnNodeDiedAsync(string node)
    {
        var resets = handler.Stays.Where(link => link.MediaNode == node).ToList();
        var rooms = localRooms.Keys;
        MediaNodeLog.NodeDied(logger, node, resets.Count, rooms.Count);
        var work = resets.Select(link => link.ResetAsync(node, "mediaNodeLost"))
            .Concat(rooms.Select(key => DropAsync(key, node)));
        await Task.WhenAll(work);
    }

    private async Task DropAsync(string roomKey, string node)
    {
        try
        {
            await grains.GetGrain<IRoomMediaGrain>(roomKey).DropStaysOf(node);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MediaNodeLog.MediaCallFailed(logger, e, 0, 0, "dropStaysOf", node);
        }
    }
}
