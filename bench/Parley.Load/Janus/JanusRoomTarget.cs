using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Parley.Client.Media.Rooms;
using Parley.Load.Room;
using Parley.Sdp;
using Parley.WebRtc.Client;

namespace Parley.Load.Janus;

/// <summary>
/// Janus's VideoRoom plugin as the room scenario's target, driven through its HTTP API with Parley's own WebRTC client
/// (full ICE, DTLS, SRTP): per room, P publishers (one VP8 video section each, our offer) and S subscribers (one
/// multistream subscription to every publisher; Janus offers, we answer). Janus is a full ICE agent that gathers no
/// loopback candidates, so it runs in a network namespace and our sockets bind the host end of the veth pair.
/// </summary>
public sealed class JanusRoomTarget(Uri api, IPAddress bindAddress) : IRoomTarget
{
    private const string VideoRoom = "janus.plugin.videoroom";
    private const string AdminKey = "parleybench"; // bench/janus/janus-netns.sh sets it in janus.plugin.videoroom.jcfg

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(40) };
    private readonly List<JanusSession> _sessions = [];
    private readonly List<WebRtcClientConnection> _connections = [];
    private readonly List<WebRtcClientConnection> _subscriberConnections = [];

    public string Name => "Janus VideoRoom";

    public string? SrtpProfile { get; private set; }

    public long PacketsLostByReceivers => 0; // the raw connections keep no per-stream sequence count

    /// <summary>Subscriber connections with no RTP in yet (each carries every publisher of its room).</summary>
    public int SilentSubscriptions => _subscriberConnections.Count(c => c.GetStats().RtpPacketsIn == 0);

    public async Task<IReadOnlyList<RtpSink>> ConnectAsync(RoomSettings settings, ClientPacketHandler onRtp, TextWriter log, CancellationToken cancellationToken)
    {
        var roomBase = Random.Shared.Next(1_000_000, 9_000_000);
        var sinks = new List<RtpSink>();
        for (var r = 0; r < settings.Rooms; r++)
        {
            var room = roomBase + r;
            var feeds = new List<long>();
            for (var p = 0; p < settings.Publishers; p++)
            {
                var (feed, sink) = await PublishAsync(room, p, settings.Publishers, cancellationToken);
                feeds.Add(feed);
                sinks.Add(sink);
            }

            for (var s = 0; s < settings.Subscribers; s++)
            {
                await SubscribeAsync(room, feeds, onRtp, cancellationToken);
            }
        }

        await log.WriteLineAsync($"Janus: {_connections.Count} peer connections in {settings.Rooms} rooms; {settings.Rooms * settings.Publishers * settings.Subscribers} subscriptions");
        return sinks;
    }

    private async Task<(JanusSession Session, long Handle)> AttachAsync(CancellationToken cancellationToken)
    {
        var session = new JanusSession(_http, api);
        _sessions.Add(session);
        await session.CreateAsync(cancellationToken);
        return (session, await session.AttachAsync(VideoRoom, cancellationToken));
    }

    private async Task<(long Feed, RtpSink Sink)> PublishAsync(long room, int index, int publishers, CancellationToken cancellationToken)
    {
        var (session, handle) = await AttachAsync(cancellationToken);
        if (index == 0)
        {
            await session.RequestAsync(handle, new JsonObject
            {
                ["request"] = "create", ["room"] = room, ["admin_key"] = AdminKey, ["publishers"] = publishers,
                ["bitrate"] = 0, ["fir_freq"] = 0, ["videocodec"] = "vp8", ["audiocodec"] = "opus", ["permanent"] = false,
            }, cancellationToken: cancellationToken);
        }

        await session.RequestAsync(handle, new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = room, ["display"] = $"pub{index}" },
            cancellationToken: cancellationToken);
        var joined = await session.NextPluginEventAsync(handle, cancellationToken);
        var feed = joined["plugindata"]!["data"]!["id"]!.GetValue<long>();

        var connection = NewConnection();
        var ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        var offer = RoomMediaSdp.BuildPublishOffer(connection, [new RoomMediaSdp.SendSection("0", MediaKind.Video, ssrc, Stopped: false)],
            connection.GetLocalCandidates(), (ulong)Random.Shared.NextInt64(1, long.MaxValue), 1);
        await session.RequestAsync(handle, new JsonObject { ["request"] = "publish" }, "offer", offer.ToString(), cancellationToken);
        var answerSdp = await session.NextJsepAsync(handle, cancellationToken);
        if (!SessionDescription.TryParse(answerSdp, out var answer, out var parseError)
            || !SdpOfferBuilder.TryReadAnswer(offer, answer!, out var negotiation, out var answerError))
        {
            throw new InvalidDataException("Janus's publisher answer cannot be used: " + (parseError ?? "unreadable answer"));
        }

        var remote = negotiation!.RemoteTransport;
        await connection.ConnectAsync(RoomMediaSdp.RemoteEndPoints(remote, AddressFamily.InterNetwork), remote.IceUfrag, remote.IcePwd, remote.Fingerprint,
            timeout: ConnectTimeout, dtlsRole: WebRtcClientConnection.DtlsRoleForAnswer(remote.Setup), cancellationToken: cancellationToken);
        SrtpProfile ??= connection.SrtpProfile?.ToString();
        return (feed, new PublisherSink(connection, ssrc).Write);
    }

    private async Task SubscribeAsync(long room, IReadOnlyList<long> feeds, ClientPacketHandler onRtp, CancellationToken cancellationToken)
    {
        var (session, handle) = await AttachAsync(cancellationToken);
        var streams = new JsonArray();
        foreach (var feed in feeds)
        {
            streams.Add(new JsonObject { ["feed"] = feed });
        }

        await session.RequestAsync(handle, new JsonObject { ["request"] = "join", ["ptype"] = "subscriber", ["room"] = room, ["streams"] = streams },
            cancellationToken: cancellationToken);
        var offerSdp = await session.NextJsepAsync(handle, cancellationToken);
        if (!SessionDescription.TryParse(offerSdp, out var offer, out var parseError))
        {
            throw new InvalidDataException("Janus's subscriber offer is not valid SDP: " + parseError);
        }

        var connection = NewConnection();
        _subscriberConnections.Add(connection);
        connection.RtpReceived += onRtp;
        var negotiation = RoomMediaSdp.AnswerSubscriberOffer(offer!, connection, connection.GetLocalCandidates(), 1);
        await session.RequestAsync(handle, new JsonObject { ["request"] = "start" }, "answer", negotiation.Local.ToString(), cancellationToken);
        var remote = negotiation.RemoteTransport;
        await connection.ConnectAsync(RoomMediaSdp.RemoteEndPoints(remote, AddressFamily.InterNetwork), remote.IceUfrag, remote.IcePwd, remote.Fingerprint,
            timeout: ConnectTimeout, dtlsRole: WebRtcClientConnection.DtlsRoleForOurAnswer(SetupRole.Active), cancellationToken: cancellationToken);
    }

    private WebRtcClientConnection NewConnection()
    {
        var connection = new WebRtcClientConnection(bindAddress);
        _connections.Add(connection);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }

        _http.Dispose();
    }

    /// <summary>Stamps the publisher's SSRC on the pacer's packet and sends it; the buffer is this sink's, reused under its lock.</summary>
    private sealed class PublisherSink(WebRtcClientConnection connection, uint ssrc)
    {
        private readonly byte[] _buffer = new byte[1500];
        private readonly Lock _lock = new();

        public bool Write(ReadOnlySpan<byte> rtpPacket)
        {
            lock (_lock)
            {
                rtpPacket.CopyTo(_buffer);
                BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(8), ssrc);
                return connection.SendRtp(_buffer.AsSpan(0, rtpPacket.Length));
            }
        }
    }
}
