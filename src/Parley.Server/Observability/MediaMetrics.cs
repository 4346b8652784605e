using System.Diagnostics.Metrics;
using Parley.Server.Media;
using Parley.Server.Media.Rooms;
using Parley.Sfu;
using Parley.WebRtc;
using Parley.WebRtc.Transport;

namespace Parley.Server.Observability;

/// <summary>
/// This node's media metrics, observed at a scrape from counters the media port and the SFU keep anyway, so the packet
/// path does no work for them: the port's totals (<see cref="WebRtcServer.GetTotals"/>, closed transports included) and
/// the rooms, participants and producers of <see cref="RoomMediaRegistry"/>. Until the media port is bound (no media
/// yet) every total reads 0; observing never binds it. Meter <see cref="ExportedInstruments.MediaMeterName"/>, made by
/// the host's factory.
/// </summary>
internal sealed class MediaMetrics : IDisposable
{
    // One scrape reads a dozen instruments; they share one reading of the port's totals taken at most this long ago.
    private static readonly TimeSpan TotalsMaxAge = TimeSpan.FromMilliseconds(500);

    private static readonly KeyValuePair<string, object?> In = new("direction", "in");
    private static readonly KeyValuePair<string, object?> Out = new("direction", "out");
    private static readonly KeyValuePair<string, object?> Audio = new("kind", "audio");
    private static readonly KeyValuePair<string, object?> Video = new("kind", "video");

    private readonly Meter _meter;
    private readonly MediaServerAccessor _media;
    private readonly RoomMediaRegistry _rooms;
    private readonly TimeProvider _time = TimeProvider.System; // metrics age on the real clock, whatever the host's
    private readonly Lock _gate = new();
    private WebRtcPortTotals? _totals;
    private long _totalsAt;

    public MediaMetrics(IMeterFactory meterFactory, MediaServerAccessor media, RoomMediaRegistry rooms)
    {
        _media = media;
        _rooms = rooms;
        _meter = meterFactory.Create(ExportedInstruments.MediaMeterName);

        _meter.CreateObservableGauge("parley.media.rooms", () => _rooms.RoomCount, "{room}",
            "Rooms whose media (SFU router) is on this node.");
        _meter.CreateObservableGauge("parley.media.participants", () => _rooms.Snapshot().Sum(room => room.ParticipantCount), "{participant}",
            "Room members with media on this node (joined the room's media: published or subscribed).");
        _meter.CreateObservableGauge("parley.media.tracks.published", ObservePublishedTracks, "{track}",
            "Tracks published (SFU producers) on this node, by kind: audio, video.");
        _meter.CreateObservableGauge("parley.media.transports", () => Totals().Transports, "{transport}",
            "WebRTC transports (client connections, one per direction) on the media port, any state.");
        _meter.CreateObservableGauge("parley.media.transports.connected", () => Totals().ConnectedTransports, "{transport}",
            "WebRTC transports whose DTLS handshake finished.");

        _meter.CreateObservableCounter("parley.media.rtp.packets", () => Pair(Totals(), t => t.RtpPacketsIn, t => t.RtpPacketsOut), "{packet}",
            "RTP packets received (decrypted) and sent on the media port, by direction: in, out.");
        _meter.CreateObservableCounter("parley.media.rtp.bytes", () => Pair(Totals(), t => t.RtpBytesIn, t => t.RtpBytesOut), "By",
            "RTP bytes (header and payload, without SRTP's tag) received and sent, by direction: in, out.");
        _meter.CreateObservableCounter("parley.media.rtcp.packets", () => Pair(Totals(), t => t.RtcpPacketsIn, t => t.RtcpPacketsOut), "{packet}",
            "RTCP compound packets received and sent, by direction: in, out.");
        _meter.CreateObservableCounter("parley.media.datagrams.received", () => Totals().DatagramsReceived, "{datagram}",
            "UDP datagrams received on the media port, all kinds (STUN, DTLS, SRTP).");
        _meter.CreateObservableCounter("parley.media.datagrams.truncated", () => Totals().DatagramsTruncated, "{datagram}",
            "UDP datagrams longer than the media port's receive buffer, cut by the kernel and dropped.");
        _meter.CreateObservableCounter("parley.media.stun.requests", () => Totals().StunRequests, "{request}",
            "ICE connectivity checks (STUN binding requests) that reached a transport.");
        _meter.CreateObservableCounter("parley.media.dropped.datagrams", ObserveDrops, "{datagram}",
            "Datagrams dropped by the media port, by reason (docs/metrics.md lists them).");
        _meter.CreateObservableCounter("parley.media.srtp.failures", ObserveSrtpFailures, "{packet}",
            "Incoming SRTP/SRTCP dropped by the SRTP layer, by reason: auth (tag did not verify), replay, malformed, too_many_ssrcs.");

        // ICE-TCP (docs/webrtc.md "ICE-TCP"): the listener's own counters, read at the scrape.
        _meter.CreateObservableGauge("parley.media.ice_tcp.connections.open", () => IceTcp().ConnectionsOpen, "{connection}",
            "ICE-TCP connections open on the media port's TCP listener.");
        _meter.CreateObservableCounter("parley.media.ice_tcp.connections", ObserveIceTcpConnections, "{connection}",
            "ICE-TCP connections by outcome: accepted, refused (connection limits), timed_out (no valid ICE check in time).");
        _meter.CreateObservableCounter("parley.media.ice_tcp.frames", () => IceTcp().FramesReceived, "{frame}",
            "RFC 4571 frames (packets) received over ICE-TCP.");
        _meter.CreateObservableCounter("parley.media.ice_tcp.dropped", ObserveIceTcpDrops, "{packet}",
            "ICE-TCP packets dropped by the listener, by reason: oversized (incoming frame longer than a media packet), send_backlog (outgoing, the peer reads too slowly).");
    }

    public void Dispose() => _meter.Dispose();

    private IceTcpStats IceTcp() => _media.IsStarted ? _media.Server.GetIceTcpStats() : new IceTcpStats { Listening = false, Port = 0 };

    private IEnumerable<Measurement<long>> ObserveIceTcpConnections()
    {
        var stats = IceTcp();
        return
        [
            new(stats.ConnectionsAccepted, new KeyValuePair<string, object?>("outcome", "accepted")),
            new(stats.ConnectionsRefused, new KeyValuePair<string, object?>("outcome", "refused")),
            new(stats.ConnectionsTimedOut, new KeyValuePair<string, object?>("outcome", "timed_out")),
        ];
    }

    private IEnumerable<Measurement<long>> ObserveIceTcpDrops()
    {
        var stats = IceTcp();
        return
        [
            new(stats.FramesOversized, new KeyValuePair<string, object?>("reason", "oversized")),
            new(stats.SendBacklogDrops, new KeyValuePair<string, object?>("reason", "send_backlog")),
        ];
    }

    // Both directions from one reading of the totals.
    private static Measurement<long>[] Pair(WebRtcPortTotals totals, Func<WebRtcPortTotals, long> received, Func<WebRtcPortTotals, long> sent) =>
        [new(received(totals), In), new(sent(totals), Out)];

    private IEnumerable<Measurement<long>> ObservePublishedTracks()
    {
        long audio = 0;
        long video = 0;
        foreach (var room in _rooms.Snapshot())
        {
            foreach (var producer in room.Router.Producers)
            {
                if (producer.Kind == MediaKind.Audio)
                {
                    audio++;
                }
                else
                {
                    video++;
                }
            }
        }

        return [new(audio, Audio), new(video, Video)];
    }

    private IEnumerable<Measurement<long>> ObserveDrops()
    {
        var drops = Totals().Drops;
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            yield return new(drops.GetValueOrDefault(reason), new KeyValuePair<string, object?>("reason", ReasonLabel(reason)));
        }
    }

    private IEnumerable<Measurement<long>> ObserveSrtpFailures()
    {
        var totals = Totals();
        return
        [
            new(totals.SrtpAuthenticationFailures, new KeyValuePair<string, object?>("reason", "auth")),
            new(totals.SrtpReplays, new KeyValuePair<string, object?>("reason", "replay")),
            new(totals.SrtpMalformed, new KeyValuePair<string, object?>("reason", "malformed")),
            new(totals.SrtpTooManySsrcs, new KeyValuePair<string, object?>("reason", "too_many_ssrcs")),
        ];
    }

    /// <summary>The port's totals, read at most every <see cref="TotalsMaxAge"/>; zeros while the port is not bound.</summary>
    private WebRtcPortTotals Totals()
    {
        lock (_gate)
        {
            if (_totals is null || _time.GetElapsedTime(_totalsAt) > TotalsMaxAge)
            {
                _totals = _media.IsStarted ? _media.Server.GetTotals() : Empty;
                _totalsAt = _time.GetTimestamp();
            }

            return _totals;
        }
    }

    private static readonly WebRtcPortTotals Empty = new() { Drops = new Dictionary<DropReason, long>() };

    /// <summary>snake_case of the reason's name: <c>SrtpUnprotectFailed</c> → <c>srtp_unprotect_failed</c>.</summary>
    internal static string ReasonLabel(DropReason reason)
    {
        var name = reason.ToString();
        var label = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                label.Append('_');
            }

            label.Append(char.ToLowerInvariant(name[i]));
        }

        return label.ToString();
    }
}
