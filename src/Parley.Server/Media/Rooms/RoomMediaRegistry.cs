using Parley.Auth;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Roles;

namespace Parley.Server.Media.Rooms;

/// <summary>
/// The rooms with media on this node: a room's <see cref="RoomMedia"/> (and its router) exists while at least one
/// participant here is in it. Singleton; thread-safe.
/// </summary>
internal sealed class RoomMediaRegistry(MediaServerAccessor media, TimeProvider timeProvider, ILoggerFactory loggerFactory) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<RoomMediaKey, RoomMedia> _rooms = [];

    public int RoomCount
    {
        get
        {
            lock (_gate)
            {
                return _rooms.Count;
            }
        }
    }

    /// <summary>The rooms with media here right now (for metrics).</summary>
    public IReadOnlyList<RoomMedia> Snapshot()
    {
        lock (_gate)
        {
            return [.. _rooms.Values];
        }
    }

    /// <summary>True when some participant here has a transport: this node is (or is about to be) forwarding media.</summary>
    public bool CarriesMedia
    {
        get
        {
            List<RoomMedia> rooms;
            lock (_gate)
            {
                rooms = [.. _rooms.Values];
            }

            return rooms.Any(room => room.Snapshot().Any(participant => participant.HasTransport));
        }
    }

    /// <summary>Puts a session's media into its room (creating the room's router when it is the first here).</summary>
    public ParticipantMedia Join(RoomMediaKey key, string sessionId, string identifier, RoleDefinition role, RoomPrivileges permissions, bool autoSubscribe, IParticipantChannel channel)
    {
        RoomMedia room;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(key, out room!))
            {
                room = new RoomMedia(key, media.Server, timeProvider, loggerFactory);
                _rooms.Add(key, room);
            }

            // Joining under the registry lock: a concurrent last Leave cannot dispose the room in between.
            return room.Join(sessionId, identifier, role, permissions, autoSubscribe, channel);
        }
    }

    /// <summary>Takes a participant out; the room's router goes when its last participant here has left.</summary>
    public void Leave(ParticipantMedia participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var room = participant.Room;
        room.Leave(participant);
        lock (_gate)
        {
            if (room.ParticipantCount == 0 && _rooms.TryGetValue(room.Key, out var current) && ReferenceEquals(current, room))
            {
                _rooms.Remove(room.Key);
                room.Dispose();
            }
        }
    }

    public void Dispose()
    {
        List<RoomMedia> rooms;
        lock (_gate)
        {
            rooms = [.. _rooms.Values];
            _rooms.Clear();
        }

        foreach (var room in rooms)
        {
            room.Dispose();
        }
    }
}
