using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Grains;
using Parley.Signaling.Logging;
using Parley.Signaling.MediaHooks;

namespace Parley.Signaling.Rooms;

/// <summary>
/// Answers <see cref="IRoomQueries"/> from the per-app room index grain and the room grains themselves; a room's traffic
/// figures come from its media node (<see cref="IRoomMediaControl"/>), asked only when someone in the room publishes.
/// </summary>
internal sealed class RoomQueries(IGrainFactory grainFactory, IServiceProvider services, ILogger<RoomQueries> logger) : IRoomQueries
{
    public async Task<IReadOnlyList<RoomSummary>> ListRoomsAsync(long sdkAppId, CancellationToken cancellationToken = default)
    {
        var ids = await grainFactory.GetGrain<IAppRoomsGrain>(sdkAppId).GetRoomIds().WaitAsync(cancellationToken);
        var views = await Task.WhenAll(ids.Select(id => Room(sdkAppId, id).GetView())).WaitAsync(cancellationToken);
        var rooms = new List<RoomSummary>(views.Length);
        foreach (var view in views)
        {
            // A room may dissolve between the index read and its own answer.
            if (view is not null)
            {
                rooms.Add(new RoomSummary(view.SdkAppId, view.RoomId, view.Owner, view.Members.Count,
                    DateTimeOffset.FromUnixTimeMilliseconds(view.CreatedAtMs), ToTime(view.EmptySinceMs), ToTime(view.DissolvesAtMs)));
            }
        }
        return rooms;
    }

    public async Task<RoomDetails?> GetRoomAsync(long sdkAppId, long roomId, CancellationToken cancellationToken = default)
    {
        // Ask the index first so that a query for an arbitrary number does not activate a room grain.
        if (!await RoomIndex.ContainsAsync(grainFactory, sdkAppId, roomId, cancellationToken))
        {
            return null;
        }
        var view = await Room(sdkAppId, roomId).GetView().WaitAsync(cancellationToken);
        if (view is null)
        {
            return null;
        }
        var traffic = await TrafficAsync(view, cancellationToken);
        return new RoomDetails(view.SdkAppId, view.RoomId, view.Owner, DateTimeOffset.FromUnixTimeMilliseconds(view.CreatedAtMs),
            ToTime(view.EmptySinceMs), ToTime(view.DissolvesAtMs),
            [.. view.Members.Select(m => new RoomMemberDetails(m.Identifier, m.Role, m.Platform, m.IsOwner, m.JoinedAtMs,
                [.. (m.Producers ?? []).Select(p => ToTrack(p, traffic.GetValueOrDefault(p.ProducerId)))]))]);
    }

    private static RoomTrackDetails ToTrack(RoomProducer producer, TrackTraffic? traffic) =>
        new(producer.ProducerId, producer.Source, producer.Kind, producer.Muted, traffic?.AdminMuted ?? false, producer.Codec, producer.Layers,
            traffic?.BitrateBps, traffic?.PacketLoss);

    private async Task<Dictionary<string, TrackTraffic>> TrafficAsync(RoomView view, CancellationToken cancellationToken)
    {
        if (services.GetService<IRoomMediaControl>() is not { } media || !view.Members.Any(m => m.Producers is { Count: > 0 }))
        {
            return [];
        }
        try
        {
            var traffic = await media.GetTrackTrafficAsync(view.SdkAppId, view.RoomId, cancellationToken);
            return traffic.ToDictionary(t => t.ProducerId, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The figures are a bonus: a media node that does not answer must not hide the room.
            logger.TrackStatsFailed(ex, view.SdkAppId, view.RoomId);
            return [];
        }
    }

    private IRoomGrain Room(long sdkAppId, long roomId) => grainFactory.GetGrain<IRoomGrain>(GrainKeys.Room(sdkAppId, roomId));

    private static DateTimeOffset? ToTime(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
