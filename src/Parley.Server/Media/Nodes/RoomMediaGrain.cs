using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Placement;
using Parley.Auth;
using Parley.Protocol.Json;
using Parley.Server.Media.Rooms;
using Parley.Signaling.MediaHooks;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// One room's media on the node this activation lives on (<see cref="IRoomMediaGrain"/>). The activation is the
/// room's anchor in the cluster: while it has stays it is never collected (<c>KeepAlive</c>), so every stay of the
/// room, whichever node signals it, joins the one router in this node's <see cref="RoomMediaRegistry"/>.
/// </summary>
/// <remarks>
/// Reentrant: stays of one room call concurrently, and the glue below is thread-safe (each participant guards itself;
/// every call here is synchronous, so the dictionary is only touched on the activation's turn). Placement by load
/// (CPU and memory of each silo, Orleans' resource-optimized placement) happens once, when the room's media starts.
/// </remarks>
[Reentrant]
[KeepAlive]
[ResourceOptimizedPlacement]
internal sealed partial class RoomMediaGrain(RoomMediaRegistry registry, LocalRoomMedia local, ILocalSiloDetails silo, ILogger<RoomMediaGrain> logger) : Grain, IRoomMediaGrain
{
    private readonly Dictionary<string, Stay> _stays = new(StringComparer.Ordinal);
    private RoomMediaKey _key;
    private string _node = string.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Keyed like the room's own grain (GrainKeys.Room): "{sdkAppId}/{roomId}".
        Parley.Signaling.Grains.GrainKeys.TrySplit(this.GetPrimaryKeyString(), out var sdkAppId, out var roomId);
        _key = new RoomMediaKey(sdkAppId, long.Parse(roomId, System.Globalization.CultureInfo.InvariantCulture));
        _node = silo.SiloAddress.ToParsableString();
        local.Add(this.GetPrimaryKeyString());
        MediaNodeLog.RoomMediaStarted(logger, _key.SdkAppId, _key.RoomId, _node);
        return Task.CompletedTask;
    }

    public Task<string> Join(MediaStayTicket ticket, IMediaChannel channel)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(channel);
        if (_stays.Remove(ticket.StayId, out var earlier))
        {
            registry.Leave(earlier.Participant);
        }

        var role = JsonSerializer.Deserialize(ticket.RoleJson, ProtocolJsonContext.Default.RoleDefinition)
            ?? throw new ArgumentException("The ticket carries no role.", nameof(ticket));
        var participant = registry.Join(_key, ticket.SessionId, ticket.Identifier, role, (RoomPrivileges)ticket.Privileges, ticket.AutoSubscribe,
            new ChannelSink(channel));
        _stays[ticket.StayId] = new Stay(participant, channel, ticket.SignalingSilo);
        return Task.FromResult(_node);
    }

    public Task<MediaReply> Call(string stayId, string method, string parametersJson)
    {
        if (!_stays.TryGetValue(stayId, out var stay))
        {
            return Task.FromResult(MediaReply.UnknownStay());
        }

        using var document = JsonDocument.Parse(parametersJson);
        return Task.FromResult(RoomMediaOperations.Run(stay.Participant, method, document.RootElement));
    }

    public Task ChangeRole(string stayId, string roleJson)
    {
        if (_stays.TryGetValue(stayId, out var stay) && JsonSerializer.Deserialize(roleJson, ProtocolJsonContext.Default.RoleDefinition) is { } role)
        {
            stay.Participant.ChangeRole(role);
        }

        return Task.CompletedTask;
    }

    public Task Leave(string stayId)
    {
        if (_stays.Remove(stayId, out var stay))
        {
            registry.Leave(stay.Participant);
        }

        DeactivateWhenEmpty();
        return Task.CompletedTask;
    }

    public Task<AdminMuteResult> AdminMute(string sessionId, string producerId, bool adminMuted)
    {
        foreach (var stay in _stays.Values)
        {
            if (stay.Participant.SessionId == sessionId && stay.Participant.GetPublishedTracks().Any(track => track.ProducerId == producerId))
            {
                try
                {
                    return Task.FromResult(new AdminMuteResult(0, stay.Participant.AdminMute(producerId, adminMuted)));
                }
                catch (MediaRequestException e)
                {
                    return Task.FromResult(new AdminMuteResult(e.Code, false)); // the producer closed meanwhile
                }
            }
        }

        DeactivateWhenEmpty();
        return Task.FromResult(new AdminMuteResult(Parley.Protocol.Errors.ErrorCodes.ProducerNotFound, false));
    }

    public Task<IReadOnlyList<TrackTraffic>> GetTrackTraffic()
    {
        var traffic = new List<TrackTraffic>();
        foreach (var stay in _stays.Values)
        {
            foreach (var track in stay.Participant.GetPublishedTracks())
            {
                var stats = track.Producer.GetStats();
                double? loss = null;
                foreach (var stream in stats.Streams)
                {
                    if (stream.FractionLost is { } fraction && (loss is null || fraction > loss))
                    {
                        loss = fraction; // the worst layer: what the operator needs to see
                    }
                }

                traffic.Add(new TrackTraffic(track.ProducerId, stats.Streams.Sum(stream => stream.Bitrate), loss, stay.Participant.IsAdminMuted(track.Source)));
            }
        }

        DeactivateWhenEmpty();
        return Task.FromResult<IReadOnlyList<TrackTraffic>>(traffic);
    }

    public Task DropStaysOf(string signalingSilo)
    {
        foreach (var (stayId, stay) in _stays.Where(pair => pair.Value.SignalingSilo == signalingSilo).ToList())
        {
            _stays.Remove(stayId);
            registry.Leave(stay.Participant);
        }

        DeactivateWhenEmpty();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        local.Remove(this.GetPrimaryKeyString());
        if (_stays.Count > 0)
        {
            // The node is shutting down (or Orleans moved the activation): the stays' transports end here, so each
            // session is told to join the room's media again, which activates it on a live node.
            MediaNodeLog.RoomMediaEnded(logger, _key.SdkAppId, _key.RoomId, _stays.Count, reason.Description);
            foreach (var stay in _stays.Values)
            {
                registry.Leave(stay.Participant);
                _ = stay.Channel.MediaLost("mediaNodeLeaving");
            }

            _stays.Clear();
        }

        return Task.CompletedTask;
    }

    private void DeactivateWhenEmpty()
    {
        if (_stays.Count == 0)
        {
            DeactivateOnIdle();
        }
    }

    private sealed record Stay(ParticipantMedia Participant, IMediaChannel Channel, string SignalingSilo);

    /// <summary>Notifications from the glue (any thread) to the stay's session, one-way through its observer.</summary>
    private sealed class ChannelSink(IMediaChannel channel) : IParticipantChannel
    {
        public void Send(string notificationJson) => _ = channel.Notify(notificationJson);
    }
}
