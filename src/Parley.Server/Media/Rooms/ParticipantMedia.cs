using Parley.Auth;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Errors;
using Parley.Protocol.Roles;
using Parley.Sfu;
using Parley.WebRtc;
using Parley.WebRtc.Transport;

namespace Parley.Server.Media.Rooms;

/// <summary>
/// One participant's media in one room: its send transport (the client offers, <c>publish</c>) with its producers,
/// and its recv transport (the server offers, <c>subscriberOffer</c>) with its consumers (docs/protocol.md §9).
/// </summary>
/// <remarks>
/// Requests of the participant's own session arrive one at a time; other participants' publications arrive on
/// their threads (<see cref="AddConsumer"/>, <see cref="RemoveConsumersOf"/>). Everything is guarded by one lock,
/// and no call into another participant or the room is made while holding it (the room calls in, never the
/// reverse under a lock), so two participants can never deadlock.
/// </remarks>
internal sealed partial class ParticipantMedia : IDisposable
{
    private readonly Lock _gate = new();
    private readonly RoomMedia _room;
    private readonly WebRtcServer _server;
    private readonly IParticipantChannel _channel;
    private readonly ILogger _logger;
    private RoleDefinition _role;
    private bool _closed;

    public ParticipantMedia(
        RoomMedia room,
        WebRtcServer server,
        string sessionId,
        string identifier,
        RoleDefinition role,
        RoomPrivileges permissions,
        bool autoSubscribe,
        IParticipantChannel channel,
        ILogger logger)
    {
        _room = room;
        _server = server;
        SessionId = sessionId;
        Identifier = identifier;
        _role = role;
        Permissions = permissions;
        AutoSubscribe = autoSubscribe;
        _channel = channel;
        _logger = logger;
    }

    public string SessionId { get; }

    public string Identifier { get; }

    public RoomPrivileges Permissions { get; }

    /// <summary>Subscribe to every producer this participant may receive, present and future (the default).</summary>
    public bool AutoSubscribe { get; }

    public RoomMedia Room => _room;

    /// <summary>The role changed (<c>changeRole</c>): new uplink caps for the next answer and the REMB cap now (R4.3).</summary>
    public void ChangeRole(RoleDefinition role)
    {
        ArgumentNullException.ThrowIfNull(role);
        Transport? send;
        lock (_gate)
        {
            _role = role;
            send = _send?.Transport;
        }

        send?.SetMaxIncomingBitrate((long)role.Video.MaxBitrateKbps * 1000 + (long)role.Audio.BitrateKbps * 1000);
    }

    /// <summary>
    /// This participant's link quality on the vendor's 0–5 scale (docs/protocol.md §11): uplink from what the server
    /// measures on the send transport, downlink from what the receiver reports on the recv transport; 0 = unknown.
    /// </summary>
    public QualityInfo GetQuality()
    {
        Transport? send;
        Transport? recv;
        lock (_gate)
        {
            send = _send?.Transport;
            recv = _recv?.Transport;
        }

        return new QualityInfo(Identifier, send?.GetStats().UplinkQuality ?? 0, recv?.GetStats().DownlinkQuality ?? 0);
    }

    /// <summary>True once the participant has a send or recv transport (it published, or something was offered to it).</summary>
    public bool HasTransport
    {
        get
        {
            lock (_gate)
            {
                return _send is not null || _recv is not null;
            }
        }
    }

    /// <summary>Ends everything: producers (the room tells the subscribers), consumers, both transports.</summary>
    public void Dispose()
    {
        List<PublishedTrack> removed;
        SideTransport? send;
        SideTransport? recv;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            removed = [.. _published.Values];
            _published.Clear();
            foreach (var slot in _slots)
            {
                slot.Stopped = true;
            }

            send = _send;
            recv = _recv;
            _send = null;
            _recv = null;
        }

        foreach (var track in removed)
        {
            track.Producer.Close();
            _room.OnProducerRemoved(track);
        }

        foreach (var slot in _slots)
        {
            slot.Consumer.Close();
        }

        send?.Dispose();
        recv?.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new MediaRequestException(ErrorCodes.NotInRoom, "The participant has left the room.");
        }
    }

    private static uint RandomSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    /// <summary>One WebRTC connection and the SFU transport on it.</summary>
    private sealed class SideTransport(WebRtcTransport webRtc, Transport transport) : IDisposable
    {
        public WebRtcTransport WebRtc { get; } = webRtc;

        public Transport Transport { get; } = transport;

        public void Dispose()
        {
            Transport.Dispose();
            WebRtc.Close();
        }
    }

    /// <summary>Creates a WebRTC transport and its SFU transport, wired together (RTP/RTCP in, closing out).</summary>
    private SideTransport CreateSide(WebRtcTransportSettings settings)
    {
        var webRtc = _server.CreateTransport(settings);
        var transport = _room.Router.CreateTransport(new WebRtcTransportLink(webRtc));
        webRtc.RtpReceived += (_, packet) => transport.ReceiveRtp(packet);
        webRtc.RtcpReceived += (_, packet) => transport.ReceiveRtcp(packet);
        return new SideTransport(webRtc, transport);
    }
}
