using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Parley.Dtls;
using Parley.Srtp;
using Parley.Stun;
using Parley.WebRtc.Demux;
using Parley.WebRtc.Ice;
using Parley.WebRtc.Io;

namespace Parley.WebRtc.Transport;

/// <summary>
/// One peer connection on the shared media port: ICE-lite (the peer checks, we answer), then DTLS in the server
/// role (the browser is the active side, <c>a=setup:passive</c> in our answer), then SRTP. Media handlers get
/// decrypted packets; <see cref="SendRtp"/>/<see cref="SendRtcp"/> encrypt and send over the nominated path — UDP,
/// or an ICE-TCP connection (RFC 6544) when the peer reached the port's TCP listener.
/// This is the seam the SFU router attaches producers and consumers to.
/// </summary>
public sealed partial class WebRtcTransport : IDisposable
{
    private readonly IWebRtcTransportListener _listener;
    private readonly WebRtcTransportEnvironment _environment;
    private readonly ILogger _logger;
    private readonly TransportCounters _counters = new();
    private readonly Lock _stateLock = new();

    // Protect-and-send, shared with the client connection; owns the send buffer (see SendRtp).
    private readonly SrtpSendPath _sendPath;
    private readonly List<SocketAddress> _boundAddresses = [];
    private readonly RttEstimator _rtt;
    private readonly long _createdTimestamp;

    // The local ICE credentials checks must name (with the ice-pwd prepared once as an HMAC context, much cheaper per
    // check than raw key bytes), and after RestartIce the previous ones, accepted until a check names the new ones.
    // Swapped under _stateLock, read without it; Close (or the retirement) disposes their keys.
    private IceGeneration _ice;
    private IceGeneration? _retiringIce;
    private DtlsFingerprint? _remoteFingerprint;

    // The way back to the peer: the UDP socket the nominated check arrived on (replies must leave from the address
    // the peer targets) and its address, or the ICE-TCP connection it came over. Swapped whole, read without a lock.
    private PeerPath? _path;
    private IReadOnlyList<SrtpProfile>? _offeredSrtpProfiles;

    // Only touched by receive loops before the handshake completes; diagnostics only.
    private readonly DtlsClientHelloInspector _clientHelloInspector = new();
    private SrtpSession? _srtp;
    private long _lastHeardTimestamp;
    private WebRtcTransportState _state;
    private TransportCloseReason _closeReason;

    internal WebRtcTransport(IWebRtcTransportListener listener, WebRtcTransportEnvironment environment, WebRtcTransportSettings settings, IceCredentials localIce)
    {
        _listener = listener;
        _environment = environment;
        Settings = settings;
        Id = RandomNumberGenerator.GetHexString(16, lowercase: true);
        _logger = environment.LoggerFactory.CreateLogger<WebRtcTransport>();
        _remoteFingerprint = settings.RemoteFingerprint;
        _sendPath = new SrtpSendPath(_counters);
        _ice = new IceGeneration(localIce, settings.RemoteUsernameFragment);
        _rtt = new RttEstimator(environment.TimeProvider);
        _createdTimestamp = environment.TimeProvider.GetTimestamp();
        SrtpProfiles = settings.SrtpProfiles ?? environment.SrtpProfiles;
    }

    /// <summary>Opaque, URL-safe id (used in the echo endpoint's Location and by the SFU).</summary>
    public string Id { get; }

    public WebRtcTransportSettings Settings { get; }

    /// <summary>
    /// Our current ICE ufrag/password for the SDP; ICE-lite agents never send checks, they only answer. Changes on
    /// <see cref="RestartIce"/>.
    /// </summary>
    public IceCredentials LocalIce => Volatile.Read(ref _ice).Credentials;

    /// <summary>The peer's certificate fingerprint DTLS checks against; null until known (see <see cref="SetRemoteFingerprint"/>).</summary>
    public DtlsFingerprint? RemoteFingerprint => Volatile.Read(ref _remoteFingerprint);

    /// <summary>The SRTP profiles this transport accepts, in preference order.</summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; }

    /// <summary>The server certificate's fingerprint to put in the answer (<c>a=fingerprint:sha-256 …</c>).</summary>
    public DtlsFingerprint LocalFingerprint => _environment.Certificate.Fingerprint;

    /// <summary>UDP port and addresses to announce as host candidates.</summary>
    public int LocalPort => _environment.Port;

    public IReadOnlyList<IPAddress> LocalAddresses => _environment.AnnouncedAddresses;

    /// <summary>
    /// The port's candidate transports (<c>Media:IceTcp</c>): whether UDP and passive ICE-TCP host candidates (same
    /// port number) go into descriptions. <see cref="Negotiation.MediaSdpPolicy.TransportParameters"/> reads it.
    /// </summary>
    public LocalCandidateTransports CandidateTransports => _environment.CandidateTransports;

    public WebRtcTransportState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    public TransportCloseReason CloseReason => _closeReason;

    /// <summary>The profiles the peer's ClientHello offered (use_srtp), in its order; null before it arrives.</summary>
    public IReadOnlyList<SrtpProfile>? OfferedSrtpProfiles => _offeredSrtpProfiles;

    /// <summary>The negotiated profile, once DTLS has finished.</summary>
    public SrtpProfile? SrtpProfile => _srtp?.Profile;

    /// <summary>The peer's nominated address (null until a valid check arrives).</summary>
    public IPEndPoint? RemoteEndPoint
    {
        get
        {
            var remote = Volatile.Read(ref _path)?.Address;
            return remote is null ? null : (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(remote);
        }
    }

    /// <summary>"udp" or "tcp" (ICE-TCP, RFC 6544): how the nominated path reaches the peer; null until a valid check arrives.</summary>
    public string? RemoteProtocol => Volatile.Read(ref _path)?.Protocol;

    /// <summary>Raised (outside internal locks) when <see cref="State"/> changes.</summary>
    public event Action<WebRtcTransport, WebRtcTransportState>? StateChanged;

    /// <summary>Decrypted RTP; see <see cref="MediaPacketHandler"/> for the span's lifetime.</summary>
    public event MediaPacketHandler? RtpReceived;

    /// <summary>Decrypted RTCP compound packets; see <see cref="MediaPacketHandler"/> for the span's lifetime.</summary>
    public event MediaPacketHandler? RtcpReceived;

    /// <summary>Counters, the negotiated profile and the RTCP round-trip time.</summary>
    public WebRtcTransportStats GetStats() => _counters.Snapshot(
        Id,
        State,
        _srtp is { } srtp ? SrtpProfileNames.ToName(srtp.Profile) : null,
        RemoteEndPoint?.ToString(),
        _rtt.LatestMilliseconds,
        _closeReason) with
    {
        OfferedSrtpProfiles = _offeredSrtpProfiles?.Select(SrtpProfileNames.ToName).ToList(),
        RemoteProtocol = RemoteProtocol,
    };

    /// <summary>
    /// Encrypts one RTP packet and sends it to the peer; false (and counted as SendFailed) when not connected or it
    /// failed. Called from a media handler on a receive loop (the echo, an SFU forwarding what it received), the
    /// packet joins that loop's send batch and true means "encrypted and queued": it leaves with the batch's one
    /// sendmmsg right after the loop's current receive batch, and a refusal by the kernel then is counted as
    /// SendFailed in <see cref="GetStats"/> (RtpPacketsOut counts it too, as handed to the socket layer). From any
    /// other thread it is sent at once and true means the kernel took it.
    /// <para>
    /// Safe from any thread and allocation-free (the SFU forwards on it). Buffer ownership: the caller keeps
    /// <paramref name="rtpPacket"/> (it is only read during the call); the bytes are copied into this transport's
    /// own send buffer under its send lock, encrypted there, and copied again by the socket layer or the loop's
    /// send batch before the lock is released.
    /// </para>
    /// </summary>
    public bool SendRtp(ReadOnlySpan<byte> rtpPacket) => _sendPath.SendRtp(_srtp, Volatile.Read(ref _path), rtpPacket);

    /// <summary>
    /// Encrypts one RTCP compound packet and sends it; sender reports are remembered to compute RTT. On a receive
    /// loop's thread it is batched like <see cref="SendRtp"/>, with the same meaning of the result.
    /// </summary>
    public bool SendRtcp(ReadOnlySpan<byte> rtcpPacket)
    {
        _rtt.OnRtcpSent(rtcpPacket);
        return _sendPath.SendRtcp(_srtp, Volatile.Read(ref _path), rtcpPacket);
    }

    /// <summary>Closes the transport: stops DTLS, forgets the peer's addresses, raises <see cref="StateChanged"/>.</summary>
    public void Close() => Close(TransportCloseReason.Closed);

    public void Dispose() => Close(TransportCloseReason.Closed);

    internal void CountDrop(DropReason reason) => _counters.Drop(reason);

    /// <summary>
    /// Adds this transport's counters, and its inbound SRTP drops by reason, to <paramref name="totals"/>. Called by the
    /// port for a scrape and once more from <see cref="Close(TransportCloseReason)"/> (before the keys are dropped).
    /// </summary>
    internal void AddTotalsTo(TransportTotals totals)
    {
        _counters.AddTo(totals);
        if (Volatile.Read(ref _srtp) is { } srtp)
        {
            totals.AddSrtpDrops(srtp.Inbound.Drops);
        }
    }

    internal void Close(TransportCloseReason reason)
    {
        SocketAddress[] bound;
        lock (_stateLock)
        {
            if (_state == WebRtcTransportState.Closed)
            {
                return;
            }

            _state = WebRtcTransportState.Closed;
            _closeReason = reason;
            bound = [.. _boundAddresses];
            _boundAddresses.Clear();
        }

        foreach (var address in bound)
        {
            _listener.RemoveRemoteAddress(this, address);
        }

        DtlsSrtpEndpoint? dtls;
        IceGeneration ice;
        IceGeneration? retiring;
        lock (_stateLock)
        {
            dtls = _dtls;
            ice = _ice;
            retiring = _retiringIce;
            _retiringIce = null;
        }

        ForgetIce(ice);
        if (retiring is not null)
        {
            ForgetIce(retiring);
        }

        _listener.OnTransportClosed(this);
        dtls?.Dispose();
        Interlocked.Exchange(ref _srtp, null)?.Dispose();
        WebRtcLog.Closed(_logger, Id, reason);
        StateChanged?.Invoke(this, WebRtcTransportState.Closed);
    }

    /// <summary>
    /// A DTLS/RTP/RTCP packet from a validated address (UDP) or connection (ICE-TCP); the span is the receive loop's
    /// buffer (or the connection's frame buffer), valid during the call.
    /// </summary>
    internal void OnDatagram(PacketKind kind, Span<byte> datagram)
    {
        switch (kind)
        {
            case PacketKind.Dtls:
                if (_offeredSrtpProfiles is null && _clientHelloInspector.TryAdd(datagram, out var offered))
                {
                    _offeredSrtpProfiles = offered;
                    WebRtcLog.OfferedProfiles(_logger, Id, string.Join(",", offered.Select(SrtpProfileNames.ToName)));
                }

                // The endpoint copies the record; a full queue drops it and the peer retransmits the flight.
                Volatile.Read(ref _dtls)?.Deliver(datagram);
                return;
            case PacketKind.Rtp:
                OnSrtp(datagram);
                return;
            case PacketKind.Rtcp:
                OnSrtcp(datagram);
                return;
            default:
                _counters.Drop(DropReason.UnknownKind);
                return;
        }
    }

    /// <summary>Called by the server's timer: closes a transport that never connected or whose peer went silent.</summary>
    internal void CheckTimers(long nowTimestamp)
    {
        var time = _environment.TimeProvider;
        var state = State;
        if (state is WebRtcTransportState.New or WebRtcTransportState.Connecting
            && time.GetElapsedTime(_createdTimestamp, nowTimestamp) > _environment.ConnectTimeout)
        {
            Close(TransportCloseReason.ConnectTimeout);
            return;
        }

        // https://www.rfc-editor.org/rfc/rfc7675#section-5.1 — consent expires 30 s after the last authenticated
        // packet. A lite agent sends no checks of its own, so the peer's checks and SRTP are our evidence.
        if (state == WebRtcTransportState.Connected
            && time.GetElapsedTime(Volatile.Read(ref _lastHeardTimestamp), nowTimestamp) > _environment.ConsentTimeout)
        {
            WebRtcLog.ConsentExpired(_logger, Id);
            Close(TransportCloseReason.ConsentExpired);
        }
    }

    private void OnSrtp(Span<byte> datagram)
    {
        if (!TryUnprotect(datagram, isRtcp: false, out int length))
        {
            return;
        }

        _counters.RtpIn(length);
        RtpReceived?.Invoke(this, datagram[..length]);
    }

    private void OnSrtcp(Span<byte> datagram)
    {
        if (!TryUnprotect(datagram, isRtcp: true, out int length))
        {
            return;
        }

        _counters.RtcpIn();
        var plain = datagram[..length];
        _rtt.OnRtcpReceived(plain);
        RtcpReceived?.Invoke(this, plain);
    }

    /// <summary>
    /// Decrypts in place; on failure counts the drop and returns false. A successful unprotect is proof of
    /// consent (RFC 7675), so it refreshes the last-heard time.
    /// </summary>
    private bool TryUnprotect(Span<byte> datagram, bool isRtcp, out int length)
    {
        if (!SrtpSendPath.TryUnprotect(_srtp, datagram, isRtcp, _counters, out length))
        {
            return false;
        }

        Volatile.Write(ref _lastHeardTimestamp, _environment.TimeProvider.GetTimestamp());
        return true;
    }

    private bool SendRaw(ReadOnlySpan<byte> datagram) => Volatile.Read(ref _path)?.Send(datagram, owner: null) ?? false;

    private void SetConnected(SrtpSession srtp)
    {
        lock (_stateLock)
        {
            if (_state != WebRtcTransportState.Connecting)
            {
                srtp.Dispose();
                return;
            }

            _srtp = srtp;
            _state = WebRtcTransportState.Connected;
        }

        Volatile.Write(ref _lastHeardTimestamp, _environment.TimeProvider.GetTimestamp());
        WebRtcLog.Connected(_logger, Id, SrtpProfileNames.ToName(srtp.Profile));
        StateChanged?.Invoke(this, WebRtcTransportState.Connected);
    }

    private static SocketAddress CloneAddress(SocketAddress source)
    {
        var copy = new SocketAddress(source.Family, source.Size);
        source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
