using System.Text.Json;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Json;
using Parley.Signaling.MediaHooks;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// One stay's link, on its session's node, to the room's media wherever it lives: joins the stay into the room's
/// <see cref="IRoomMediaGrain"/> before its first media call, forwards the calls, and is the <see cref="IMediaChannel"/>
/// through which the media node's notifications reach the session. When the room's media is lost (its node died or
/// left) the link removes the stay's producers from the room's book, tells the client (<c>mediaReset</c>, docs/
/// protocol.md §10.9) and joins the room's media again, which starts it on a live node.
/// </summary>
/// <remarks>
/// Calls run one at a time (<see cref="_turn"/>): the session's own requests already do, and a reset waits for the
/// call in flight. Created and owned by <see cref="Rooms.SessionMediaHandler"/>; the observer reference it hands to the
/// media node is deleted when the stay ends.
/// </remarks>
internal sealed class MediaStayLink : IMediaChannel, IDisposable
{
    /// <summary>How long a join keeps trying while the cluster's directory still points at a dead node.</summary>
    internal static readonly TimeSpan JoinPatience = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly MediaSessionContext _stay;
    private readonly IGrainFactory _grains;
    private readonly IRoomMediaGrain _grain;
    private readonly IMediaChannel _reference;
    private readonly string _localSilo;
    private readonly ILogger _logger;
    private string? _mediaNode;
    private bool _ended;

    public MediaStayLink(MediaSessionContext stay, IGrainFactory grains, string localSilo, ILogger logger)
    {
        _stay = stay;
        _grains = grains;
        _localSilo = localSilo;
        _logger = logger;
        _grain = grains.GetGrain<IRoomMediaGrain>(Parley.Signaling.Grains.GrainKeys.Room(stay.SdkAppId, stay.RoomId));
        _reference = grains.CreateObjectReference<IMediaChannel>(this);
        stay.RoleChanged += OnRoleChanged;
    }

    public MediaSessionContext Stay => _stay;

    /// <summary>The node holding this stay's media (silo address), or null before the join / after a loss.</summary>
    public string? MediaNode => Volatile.Read(ref _mediaNode);

    /// <summary>Joins the room's media if not yet joined (auto-subscribe consumers arrive as a <c>subscriberOffer</c>).</summary>
    public async Task EnsureJoinedAsync()
    {
        await _turn.WaitAsync();
        try
        {
            await JoinUnderTurnAsync();
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>One media method on the room's media node. Throws when that node cannot be reached.</summary>
    public async Task<MediaReply> CallAsync(string method, string parametersJson)
    {
        MediaReply reply;
        await _turn.WaitAsync();
        try
        {
            await JoinUnderTurnAsync();
            reply = await _grain.Call(_stay.StayId, method, parametersJson);
            if (!reply.StayUnknown)
            {
                return reply;
            }
        }
        finally
        {
            _turn.Release();
        }

        // The room's media was recreated since this stay joined (its node died before this node's membership said so).
        await ResetAsync(_mediaNode, "mediaNodeLost");
        return MediaReply.Error(Parley.Protocol.Errors.ErrorCodes.MediaReset,
            "The room's media moved to another node; the transports of this stay are new (see the mediaReset event).");
    }

    /// <summary>
    /// The room's media on <paramref name="lostNode"/> is gone: drop the stay's producers from the room's book, tell the
    /// client (<c>mediaReset</c>) and join again on a live node. Does nothing when the stay has already moved on.
    /// </summary>
    public async Task ResetAsync(string? lostNode, string reason)
    {
        await _turn.WaitAsync();
        try
        {
            if (_ended || _mediaNode is null || (lostNode is not null && _mediaNode != lostNode))
            {
                return;
            }

            Volatile.Write(ref _mediaNode, null);
            MediaNodeLog.MediaReset(_logger, _stay.SdkAppId, _stay.RoomId, _stay.SessionId, reason);
            // The client hears it first: the room's grain may itself have lived on the lost node, and waiting for it
            // must not keep the client on dead connections. Its publish waits for this turn, so the old producers are
            // out of the book before the new ones come in.
            _stay.SendNotification(MediaSessionContext.FormatNotification(
                Parley.Protocol.Messages.Events.MediaReset, new Parley.Protocol.Messages.MediaResetEvent(_stay.RoomId, reason),
                ProtocolJsonContext.Default.MediaResetEvent));
            try
            {
                await RemoveOwnProducersAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The room rebuilt from its members has no producers of this stay anyway.
                MediaNodeLog.MediaCallFailed(_logger, e, _stay.SdkAppId, _stay.RoomId, "removeProducers", _stay.SessionId);
            }

            await JoinUnderTurnAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next media call joins again (and fails with a clear error if the cluster still cannot place the room).
            MediaNodeLog.MediaCallFailed(_logger, e, _stay.SdkAppId, _stay.RoomId, "join", _stay.SessionId);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>The stay ended: leave the room's media (if its node is alive) and stop being an observer.</summary>
    public async Task LeaveAsync()
    {
        await _turn.WaitAsync();
        try
        {
            _ended = true;
            _stay.RoleChanged -= OnRoleChanged;
            if (_mediaNode is not null)
            {
                Volatile.Write(ref _mediaNode, null);
                await _grain.Leave(_stay.StayId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MediaNodeLog.LeaveFailed(_logger, e, _stay.SdkAppId, _stay.RoomId, _stay.SessionId);
        }
        finally
        {
            _turn.Release();
            Dispose();
        }
    }

    Task IMediaChannel.Notify(string notificationJson)
    {
        _stay.SendNotification(notificationJson);
        return Task.CompletedTask;
    }

    Task IMediaChannel.MediaLost(string reason)
    {
        string? node = MediaNode;
        _ = Task.Run(() => ResetAsync(node, reason));
        return Task.CompletedTask;
    }

    public void Dispose() => _grains.DeleteObjectReference<IMediaChannel>(_reference);

    private async Task JoinUnderTurnAsync()
    {
        if (_mediaNode is not null || _ended)
        {
            return;
        }

        var ticket = new MediaStayTicket(_stay.StayId, _stay.SessionId, _stay.Identifier,
            JsonSerializer.Serialize(_stay.Role, ProtocolJsonContext.Default.RoleDefinition), (long)_stay.Privileges, _stay.AutoSubscribe, _localSilo);
        var deadline = DateTime.UtcNow + JoinPatience;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                Volatile.Write(ref _mediaNode, await _grain.Join(ticket, _reference));
                return;
            }
            catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException && DateTime.UtcNow < deadline)
            {
                // The directory still names a node that membership has not yet declared dead; try again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 << Math.Min(attempt, 4))));
            }
        }
    }

    private async Task RemoveOwnProducersAsync()
    {
        var view = await _stay.Room.GetView();
        var member = view?.Members.FirstOrDefault(m => string.Equals(m.Identifier, _stay.Identifier, StringComparison.OrdinalIgnoreCase));
        foreach (var producer in member?.Producers ?? [])
        {
            await _stay.Room.RemoveProducer(_stay.IdentifierKey, _stay.SessionId, producer.ProducerId);
        }
    }

    private void OnRoleChanged(object? sender, EventArgs e)
    {
        var roleJson = JsonSerializer.Serialize(_stay.Role, ProtocolJsonContext.Default.RoleDefinition);
        _ = ChangeRoleAsync(roleJson);
    }

    private async Task ChangeRoleAsync(string roleJson)
    {
        await _turn.WaitAsync();
        try
        {
            if (_mediaNode is not null)
            {
                await _grain.ChangeRole(_stay.StayId, roleJson);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MediaNodeLog.MediaCallFailed(_logger, e, _stay.SdkAppId, _stay.RoomId, "changeRole", _stay.SessionId);
        }
        finally
        {
            _turn.Release();
        }
    }
}
