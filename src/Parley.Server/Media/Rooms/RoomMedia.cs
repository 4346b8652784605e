using Parley.Auth;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Roles;
using Parley.Sfu;
using Parley.Sfu.Speakers;
using Parley.Signaling.MediaHooks;
using Parley.WebRtc;
using RoomRecording = Parley.Server.Media.Recording.RoomRecording;

namespace Parley.Server.Media.Rooms;

/// <summary>
/// One room's media on this node: its <see cref="Router"/> and the participants connected here. It fans a new
/// producer out to every participant that subscribes automatically, closes consumers when a producer goes, and
/// turns the router's audio levels into <c>activeSpeakers</c> events. A room's media is local to the node its
/// members' sessions are on (one node until the cluster work makes rooms span nodes).
/// </summary>
internal sealed class RoomMedia : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ParticipantMedia> _participants = new(StringComparer.Ordinal);
    private readonly WebRtcServer _server;
    private readonly ILogger _logger;
    private readonly ITimer _qualityTimer;
    private bool _disposed;
    private RoomRecording? _recording;

    /// <summary>How often every participant gets <c>networkQuality</c> (docs/protocol.md §11).</summary>
    public static readonly TimeSpan QualityInterval = TimeSpan.FromSeconds(2);

    public RoomMedia(RoomMediaKey key, WebRtcServer server, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        Key = key;
        _server = server;
        _logger = loggerFactory.CreateLogger<RoomMedia>();
        Router = new Router(new RouterOptions(), timeProvider, loggerFactory);
        Router.ActiveSpeakersChanged += OnActiveSpeakers;
        _qualityTimer = timeProvider.CreateTimer(_ => SendNetworkQuality(), null, QualityInterval, QualityInterval);
    }

    public RoomMediaKey Key { get; }

    public Router Router { get; }

    public int ParticipantCount
    {
        get
        {
            lock (_gate)
            {
                return _participants.Count;
            }
        }
    }

    /// <summary>Adds a participant (at join); with auto-subscribe it receives every producer already here.</summary>
    public ParticipantMedia Join(string sessionId, string identifier, RoleDefinition role, RoomPrivileges permissions, bool autoSubscribe, IParticipantChannel channel)
    {
        ParticipantMedia participant;
        List<PublishedTrack> existing = [];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_participants.Remove(sessionId, out var stale))
            {
                stale.Dispose();
            }

            participant = new ParticipantMedia(this, _server, sessionId, identifier, role, permissions, autoSubscribe, channel, _logger);
            if (autoSubscribe)
            {
                foreach (var other in _participants.Values)
                {
                    existing.AddRange(other.GetPublishedTracks());
                }
            }

            _participants.Add(sessionId, participant);
        }

        foreach (var track in existing)
        {
            participant.AddConsumer(track, preferredLayer: null, explicitRequest: false);
        }

        return participant;
    }

    /// <summary>Removes a participant and tears its media down (leave, switch, kick, expiry, disconnect).</summary>
    public void Leave(ParticipantMedia participant)
    {
        lock (_gate)
        {
            if (_participants.TryGetValue(participant.SessionId, out var current) && ReferenceEquals(current, participant))
            {
                _participants.Remove(participant.SessionId);
            }
        }

        participant.Dispose();
    }

    /// <summary>A participant published: every other participant that subscribes automatically gets a consumer.</summary>
    internal void OnProducerAdded(PublishedTrack track)
    {
        Recording?.AddTrack(track);
        foreach (var participant in Snapshot())
        {
            if (!ReferenceEquals(participant, track.Owner) && participant.AutoSubscribe)
            {
                participant.AddConsumer(track, preferredLayer: null, explicitRequest: false);
            }
        }
    }

    /// <summary>A producer closed: every consumer of it closes.</summary>
    internal void OnProducerRemoved(PublishedTrack track)
    {
        Recording?.RemoveTrack(track);
        foreach (var participant in Snapshot())
        {
            if (!ReferenceEquals(participant, track.Owner))
            {
                participant.RemoveConsumersOf(track);
            }
        }
    }

    /// <summary>Kept by the registry while a recording needs it, even with nobody in it (guarded by the registry's lock).</summary>
    internal bool HeldByRecording { get; set; }

    /// <summary>The room's recording: it gets every producer that comes and goes (docs/recording.md).</summary>
    internal RoomRecording? Recording
    {
        get => Volatile.Read(ref _recording);
        set => Volatile.Write(ref _recording, value);
    }

    /// <summary>Every producer in the room now.</summary>
    internal IReadOnlyList<PublishedTrack> PublishedTracks() => [.. Snapshot().SelectMany(participant => participant.GetPublishedTracks())];

    /// <summary>The producer with this id in this room, for <c>subscribe</c>.</summary>
    internal PublishedTrack? FindTrack(string producerId)
    {
        foreach (var participant in Snapshot())
        {
            if (participant.GetPublishedTracks().FirstOrDefault(track => track.ProducerId == producerId) is { } track)
            {
                return track;
            }
        }

        return null;
    }

    internal IReadOnlyList<ParticipantMedia> Snapshot()
    {
        lock (_gate)
        {
            return [.. _participants.Values];
        }
    }

    private void OnActiveSpeakers(Router router, IReadOnlyList<ActiveSpeaker> speakers)
    {
        var participants = Snapshot();
        var levels = new List<SpeakerLevel>(speakers.Count);
        foreach (var speaker in speakers)
        {
            foreach (var participant in participants)
            {
                if (participant.GetPublishedTracks().Any(track => track.ProducerId == speaker.ProducerId))
                {
                    levels.Add(new SpeakerLevel(participant.Identifier, speaker.Level));
                    break;
                }
            }
        }

        // One event for the whole room: formatted once, the same string queued to everyone.
        var notification = MediaSessionContext.FormatNotification("activeSpeakers", new ActiveSpeakersEvent(Key.RoomId, levels), MediaJsonContext.Default.ActiveSpeakersEvent);
        foreach (var participant in participants)
        {
            participant.Send(notification);
        }
    }

    /// <summary>
    /// Every 2 s: each participant with media gets its own quality and that of the others with media. Members without a
    /// transport (nothing published, nothing received yet) have no link to rate: they get nothing, and an idle room
    /// costs nothing (3,000 idle members were 5.6 MB/s of garbage otherwise).
    /// </summary>
    private void SendNetworkQuality()
    {
        try
        {
            var participants = Snapshot().Where(participant => participant.HasTransport).ToList();
            if (participants.Count == 0)
            {
                return;
            }

            var qualities = participants.Select(participant => participant.GetQuality()).ToList();
            for (int i = 0; i < participants.Count; i++)
            {
                var remote = qualities.Where((_, j) => j != i).ToList();
                participants[i].Notify("networkQuality", new NetworkQualityEvent(Key.RoomId, qualities[i], remote), MediaJsonContext.Default.NetworkQualityEvent);
            }
        }
        catch (ObjectDisposedException)
        {
            // A participant or transport went away during the round; the next round skips it.
        }
    }

    public void Dispose()
    {
        List<ParticipantMedia> participants;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            participants = [.. _participants.Values];
            _participants.Clear();
        }

        _qualityTimer.Dispose();
        foreach (var participant in participants)
        {
            participant.Dispose();
        }

        Router.Dispose();
    }
}
