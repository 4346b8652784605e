using Parley.WebRtc.Client;

namespace Parley.Load.Room;

/// <summary>
/// A system the room scenario loads: Parley through <c>Parley.Client</c>, or a peer SFU (Janus's VideoRoom) through
/// its own API. Both get the same rooms, the same packets from the same pacer, and are measured the same way.
/// </summary>
public interface IRoomTarget : IAsyncDisposable
{
    /// <summary>Name in reports, e.g. "Parley" or "Janus VideoRoom".</summary>
    string Name { get; }

    /// <summary>The SRTP profile the connections negotiated, when known.</summary>
    string? SrtpProfile { get; }

    /// <summary>Sequence gaps the receivers counted themselves, when the target's client keeps such a count.</summary>
    long PacketsLostByReceivers { get; }

    /// <summary>Subscriptions that have received no RTP at all yet (a transport that never connected shows here).</summary>
    int SilentSubscriptions { get; }

    /// <summary>
    /// Makes R rooms of P publishers (one video track each) and S subscribers receiving every publisher of their room;
    /// returns once every subscription carries media paths. Every RTP packet a subscriber receives goes to
    /// <paramref name="onRtp"/> (on a receive thread). Returns one sink per publisher for the pacer's packets.
    /// </summary>
    Task<IReadOnlyList<RtpSink>> ConnectAsync(RoomSettings settings, ClientPacketHandler onRtp, TextWriter log, CancellationToken cancellationToken);
}
