using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;
using Parley.Signaling.Grains;
using Parley.Signaling.Logging;
using Parley.Signaling.Login;
using Parley.Signaling.MediaHooks;

namespace Parley.Signaling.Rooms;

/// <summary>
/// Operator actions on rooms. Kicks go through the user grain, which serializes them with the user's own room operations
/// (R3.3). A dismissal empties the room in one turn of its grain, then tells every member's user grain (never from inside
/// the room's turn: a user grain may be waiting on that room, and the room waiting on it would deadlock). Mutes pause the
/// producer on the room's media node first (<see cref="IRoomMediaControl"/>), then record it in the room's book.
/// </summary>
internal sealed class RoomAdministration(IGrainFactory grainFactory, IServiceProvider services, ILogger<RoomAdministration> logger) : IRoomAdministration
{
    // Registered by the host when it carries media (absent in signaling-only tests); resolved once, on first use, because
    // the media side's services depend on signaling's.
    private readonly Lazy<IRoomMediaControl?> _mediaControl = new(services.GetService<IRoomMediaControl>);

    private IRoomMediaControl? MediaControl => _mediaControl.Value;

    public Task<bool> KickAsync(long sdkAppId, long roomId, string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return Kick(sdkAppId, roomId, identifier).WaitAsync(cancellationToken);
    }

    /// <summary>Ends <paramref name="identifier"/>'s stay in the room; false when that user is not in it (or cannot be).</summary>
    private Task<bool> Kick(long sdkAppId, long roomId, string identifier) =>
        IdentifierRules.IsValid(identifier) ? User(sdkAppId, IdentifierRules.Key(identifier)).Kick(roomId) : Task.FromResult(false);

    public async Task<bool> DismissAsync(long sdkAppId, long roomId, CancellationToken cancellationToken = default)
    {
        if (!await RoomIndex.ContainsAsync(grainFactory, sdkAppId, roomId, cancellationToken))
        {
            return false;
        }
        var dismissed = await Room(sdkAppId, roomId).Dismiss().WaitAsync(cancellationToken);
        if (dismissed is null)
        {
            return false;
        }
        // Not cancelled with the request: once the room is gone, every member must hear it.
        await Task.WhenAll(dismissed.Select(member => TellDismissedAsync(sdkAppId, roomId, member)));
        return true;
    }

    private async Task TellDismissedAsync(long sdkAppId, long roomId, DismissedMember member)
    {
        try
        {
            await User(sdkAppId, member.IdentifierKey).RoomDismissed(roomId, member.SessionId);
        }
        catch (Exception ex)
        {
            // The user grain is unreachable (its node is dying): the session is rebuilt from its own re-assertion, or
            // learns at its next room call (90003).
            logger.DismissNoticeFailed(ex, member.IdentifierKey, roomId);
        }
    }

    public async Task<RemoveUsersResult?> RemoveUsersAsync(long sdkAppId, long roomId, IReadOnlyList<string> identifiers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        if (!await RoomIndex.ContainsAsync(grainFactory, sdkAppId, roomId, cancellationToken))
        {
            return null;
        }
        // One entry per user (R2.1: "Bob" and "bob" are one), kept in the request's order and spelling.
        var distinct = identifiers.DistinctBy(IdentifierRules.Key).ToList();
        var kicks = distinct.Select(id => Kick(sdkAppId, roomId, id)).ToArray();
        var outcomes = await Task.WhenAll(kicks).WaitAsync(cancellationToken);
        var removed = distinct.Where((_, i) => outcomes[i]).ToList();
        var notInRoom = distinct.Where((_, i) => !outcomes[i]).ToList();
        logger.UsersRemoved(sdkAppId, roomId, removed.Count, distinct.Count);
        return new RemoveUsersResult(removed, notInRoom);
    }

    public async Task<int> MuteTrackAsync(long sdkAppId, long roomId, string identifier, string source, bool muted, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        if (!IdentifierRules.IsValid(identifier) || !await RoomIndex.ContainsAsync(grainFactory, sdkAppId, roomId, cancellationToken))
        {
            return ErrorCodes.RoomNotFound;
        }
        var key = IdentifierRules.Key(identifier);
        var room = Room(sdkAppId, roomId);
        if (await room.FindTrack(key, source).WaitAsync(cancellationToken) is not { } track)
        {
            var view = await room.GetView().WaitAsync(cancellationToken);
            return view?.Members.Any(m => IdentifierRules.Key(m.Identifier) == key) == true ? ErrorCodes.ProducerNotFound : ErrorCodes.RoomNotFound;
        }

        var effective = muted;
        if (MediaControl is { } media)
        {
            AdminMuteResult paused;
            try
            {
                paused = await media.SetAdminMuteAsync(sdkAppId, roomId, track.SessionId, track.Producer.ProducerId, muted, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.AdminMuteMediaFailed(ex, sdkAppId, roomId);
                return ErrorCodes.MediaNodeUnavailable;
            }
            if (paused.ErrorCode != 0)
            {
                return paused.ErrorCode;
            }
            effective = paused.Muted;
        }

        var recorded = await room.AdminMuteProducer(key, track.SessionId, track.Producer.ProducerId, muted, effective);
        if (recorded == 0)
        {
            logger.TrackAdminMuted(muted ? "muted" : "released", source, track.Identifier, sdkAppId, roomId);
        }
        return recorded == ErrorCodes.NotInRoom ? ErrorCodes.RoomNotFound : recorded;
    }

    private IUserGrain User(long sdkAppId, string identifierKey) => grainFactory.GetGrain<IUserGrain>(GrainKeys.User(sdkAppId, identifierKey));

    private IRoomGrain Room(long sdkAppId, long roomId) => grainFactory.GetGrain<IRoomGrain>(GrainKeys.Room(sdkAppId, roomId));
}
