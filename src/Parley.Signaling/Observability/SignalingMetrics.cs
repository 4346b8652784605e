using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Parley.Signaling.Delivery;
using Parley.Signaling.Grains;
using Parley.Signaling.Sessions;

namespace Parley.Signaling.Observability;

/// <summary>
/// This node's signaling gauges, observed when a listener asks (a scrape), never updated on a request path: sessions
/// from the session registry, rooms and members from the room grains active here. Created through the host's
/// <see cref="IMeterFactory"/>, so two hosts in one process (tests) each report their own. Meter <see cref="MeterName"/>.
/// </summary>
public sealed class SignalingMetrics : IDisposable
{
    /// <summary>The meter's name, for a listener's filter.</summary>
    public const string MeterName = "Parley.Signaling";

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<RoomGrain, byte> _rooms = new();

    internal SignalingMetrics(IMeterFactory meterFactory, SessionRegistry registry, LocalSessions localSessions,
        Sessions.Relay.RelayedSessions relayedIn, Sessions.Relay.SessionRelays relayedOut)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("parley.sessions.connected", () => registry.Count - registry.SuspendedCount, "{session}",
            "Signaling WebSockets open on this node (logged in or not).");
        _meter.CreateObservableGauge("parley.sessions.logged_in", localSessions.UserCount, "{session}",
            "Logged-in sessions held by this node, suspended ones included while their resume window lasts.");
        _meter.CreateObservableGauge("parley.sessions.suspended", () => registry.SuspendedCount, "{session}",
            "Resumable sessions whose socket dropped, waiting on this node for a resume.");
        _meter.CreateObservableGauge("parley.sessions.relayed_in", () => relayedIn.Count, "{session}",
            "Sessions of this node running on a connection that another node relays here (their resume reached that node).");
        _meter.CreateObservableGauge("parley.connections.relayed_out", () => relayedOut.Count, "{connection}",
            "Client connections this node relays to sessions held by other nodes.");
        _meter.CreateObservableGauge("parley.rooms", CountRooms, "{room}",
            "Rooms whose grain is active on this node and open (members, or empty and not dissolved yet).");
        _meter.CreateObservableGauge("parley.room.members", CountMembers, "{member}",
            "Members of the rooms whose grain is active on this node.");
    }

    /// <summary>A room grain activated here (it unregisters when it deactivates).</summary>
    internal void AddRoom(RoomGrain room) => _rooms.TryAdd(room, 0);

    internal void RemoveRoom(RoomGrain room) => _rooms.TryRemove(room, out _);

    public void Dispose() => _meter.Dispose();

    private int CountRooms() => _rooms.Keys.Count(room => room.IsOpen);

    private int CountMembers() => _rooms.Keys.Sum(room => room.MemberCount);
}
