using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Dtls;
using Parley.Srtp;
using Parley.Stun;
using Parley.WebRtc.Demux;
using Parley.WebRtc.Client.Ice;
using Parley.WebRtc.Ice;
using Parley.WebRtc.Io;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Client;

/// <summary>
/// The client side of a WebRTC media transport, for Parley.Client and tests: its own UDP socket, a full controlling
/// ICE agent (it checks the peer's candidates and answers the peer's checks, so it works against ICE-lite Parley
/// and full-ICE servers such as Janus), DTLS in the role the answer's <c>a=setup</c> gives (passive answer: we are
/// the DTLS client; active: the server), then SRTP. Decrypted packets arrive through <see cref="RtpReceived"/>/<see cref="RtcpReceived"/>
/// with the same span lifetime rule as the server transport.
/// </summary>
public sealed class WebRtcClientConnection : IDatagramHandler, IAsyncDisposable
{
    /// <summary>Datagrams per recvmmsg/sendmmsg on the client: a burst is about one video frame (~10 packets).</summary>
    private const int IoBatchSize = 32;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TransportCounters _counters = new();

    // Protect-and-send shared with the server transport; owns the send buffer, and its lock is the send lock.
    private readonly SrtpSendPath _sendPath;
    private readonly ILoggerFactory _loggerFactory;

    // Owned by this connection; gathers SendRtp/SendRtcp between BeginSendBatch and its scope's Dispose, used only
    // by the thread holding the send path's lock (the scope holds it throughout). Null without batched I/O.
    private readonly SendBatch? _sendBatch;
    private int _sendBatchDepth;
    private IceControllingAgent? _ice;
    private SocketAddress? _remote;

    // The selected server address with our socket, for the SRTP send path; set together with _remote.
    private UdpPeerPath? _path;
    private DtlsSrtpEndpoint? _dtls;
    private SrtpSession? _srtp;
    private Task? _receiveLoop;
    private ITimer? _consentTimer;

    // 1 once DisposeAsync began. ConnectAsync may still be running then (a caller gives up on a connect and disposes):
    // it checks this after starting the consent timer so a timer created after disposal looked for it is stopped too.
    private int _disposeStarted;

    /// <param name="bindAddress">Local address to bind (default 127.0.0.1 for loopback tests; use 0.0.0.0 otherwise).</param>
    /// <param name="batchedIo">On Linux, receive with recvmmsg and allow <see cref="BeginSendBatch"/> (sendmmsg); false uses one recvfrom/sendto per datagram.</param>
    /// <param name="port">Local UDP port to bind; 0 lets the system choose.</param>
    public WebRtcClientConnection(IPAddress? bindAddress = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, int socketBufferBytes = 4 * 1024 * 1024, bool batchedIo = true, int port = 0)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<WebRtcClientConnection>();
        _time = timeProvider ?? TimeProvider.System;
        var address = bindAddress ?? IPAddress.Loopback;
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = socketBufferBytes,
            SendBufferSize = socketBufferBytes,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        _socket.Bind(new IPEndPoint(address, port));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        UsesBatchedIo = batchedIo && LinuxSocketNative.IsSupported(_socket);
        _sendBatch = UsesBatchedIo ? new SendBatch(_socket, IoBatchSize, DatagramLimits.SendBufferLength) : null;
        _sendPath = new SrtpSendPath(_counters);
        LocalIce = IceCredentials.CreateRandom();
        Certificate = DtlsCertificate.Generate();
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// The host candidates to put in our offer or answer: the bound address, or every up non-loopback IPv4 interface
    /// address when bound to Any (plus loopback when <paramref name="remoteIsLoopback"/>).
    /// </summary>
    public IReadOnlyList<IPEndPoint> GetLocalCandidates(bool remoteIsLoopback = false) =>
        HostCandidateGatherer.Gather(LocalEndPoint, remoteIsLoopback);

    /// <summary>Our DTLS role once <see cref="ConnectAsync"/> has started; null before.</summary>
    public DtlsRole? DtlsRole => _dtls?.Role;

    /// <summary>The ICE agent once <see cref="ConnectAsync"/> has started (role, checks answered); null before.</summary>
    public IceControllingAgent? Ice => _ice;

    /// <summary>
    /// Our DTLS role from the answer's <c>a=setup</c> (RFC 5763 §5): the answerer that says passive waits for us, so
    /// we are the client; active means it dials us. Null (no attribute) is treated as passive, as Parley's ICE-lite
    /// server answers.
    /// </summary>
    public static DtlsRole DtlsRoleForAnswer(Parley.Sdp.SetupRole? answerSetup) => answerSetup switch
    {
        Parley.Sdp.SetupRole.Active => Parley.Dtls.DtlsRole.Server,
        null or Parley.Sdp.SetupRole.Passive => Parley.Dtls.DtlsRole.Client,
        _ => throw new ArgumentException($"An answer must say a=setup:active or passive, not {answerSetup}.", nameof(answerSetup)),
    };

    /// <summary>
    /// Our DTLS role from the peer's offer when we answer with <paramref name="ourAnswerSetup"/> (active: client).
    /// </summary>
    public static DtlsRole DtlsRoleForOurAnswer(Parley.Sdp.SetupRole ourAnswerSetup) =>
        ourAnswerSetup == Parley.Sdp.SetupRole.Active ? Parley.Dtls.DtlsRole.Client : Parley.Dtls.DtlsRole.Server;

    /// <summary>True when this connection receives with recvmmsg and batches sends with sendmmsg.</summary>
    public bool UsesBatchedIo { get; }

    /// <summary>Our ICE credentials, to put in the offer.</summary>
    public IceCredentials LocalIce { get; }

    /// <summary>Our DTLS certificate; its fingerprint goes in the offer.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The negotiated profile once connected.</summary>
    public SrtpProfile? SrtpProfile => _srtp?.Profile;

    /// <summary>The server candidate ICE selected.</summary>
    public IPEndPoint? RemoteEndPoint => _ice?.Selected;

    public event ClientPacketHandler? RtpReceived;

    public event ClientPacketHandler? RtcpReceived;

    /// <summary>Counters (the transport id is "client").</summary>
    public WebRtcTransportStats GetStats() => _counters.Snapshot(
        "client", _srtp is null ? WebRtcTransportState.Connecting : WebRtcTransportState.Connected,
        _srtp is { } srtp ? SrtpProfileNames.ToName(srtp.Profile) : null, RemoteEndPoint?.ToString(), null, TransportCloseReason.None);

    /// <summary>
    /// Runs ICE against <paramref name="remoteCandidates"/> (checks to every candidate, and to peer-reflexive ones
    /// learnt from the peer's checks, every 50 ms until one answers; the peer's checks are answered throughout), then
    /// the DTLS handshake in <paramref name="dtlsRole"/> offering <paramref name="srtpProfiles"/>. Throws
    /// <see cref="TimeoutException"/> when no candidate answers, <see cref="DtlsHandshakeException"/> when DTLS fails.
    /// </summary>
    /// <param name="dtlsRole">Client when the peer's answer said <c>a=setup:passive</c> (the default, as Parley's server answers); server when it said active. See <see cref="DtlsRoleForAnswer"/>.</param>
    public async Task ConnectAsync(
        IReadOnlyList<IPEndPoint> remoteCandidates,
        string remoteUfrag,
        string remotePassword,
        DtlsFingerprint remoteFingerprint,
        IReadOnlyList<SrtpProfile>? srtpProfiles = null,
        TimeSpan? timeout = null,
        DtlsRole dtlsRole = Parley.Dtls.DtlsRole.Client,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteCandidates);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        if (remoteCandidates.Count == 0)
        {
            throw new ArgumentException("At least one remote candidate is needed.", nameof(remoteCandidates));
        }

        if (_ice is not null)
        {
            throw new InvalidOperationException("ConnectAsync may be called once.");
        }

        var ice = new IceControllingAgent(LocalIce, remoteUfrag, remotePassword);
        foreach (var candidate in remoteCandidates)
        {
            ice.AddRemoteCandidate(candidate);
        }

        _ice = ice;
        var dtlsOptions = new DtlsOptions
        {
            SrtpProfiles = [.. srtpProfiles ?? SrtpProfileNames.DefaultOrder],
            HandshakeTimeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        _dtls = new DtlsSrtpEndpoint(dtlsRole, Certificate, remoteFingerprint, new ClientDatagramSender(this), dtlsOptions, _loggerFactory.CreateLogger<DtlsSrtpEndpoint>());
        _receiveLoop = Task.Factory.StartNew(RunReceiveLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        var check = new byte[IceControllingAgent.MaxCheckLength];
        try
        {
            while (ice.Selected is null)
            {
                foreach (var candidate in ice.RemoteCandidates)
                {
                    int length = ice.WriteCheck(candidate, check);
                    _socket.SendTo(check.AsSpan(0, length), SocketFlags.None, candidate);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No ICE candidate of the server answered ({string.Join(", ", remoteCandidates)}).");
        }

        _remote = ice.Selected.Serialize();
        _path = new UdpPeerPath(_socket, _remote);
        WebRtcClientLog.IceSelected(_logger, ice.Selected);

        // RFC 7675: keep consent alive with a check every ~5 s (the server closes silent peers after 30 s).
        var consentTimer = _time.CreateTimer(static state => ((WebRtcClientConnection)state!).SendConsentCheck(), this, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        Interlocked.Exchange(ref _consentTimer, consentTimer); // a full fence, paired with DisposeAsync's exchange of _disposeStarted
        if (Volatile.Read(ref _disposeStarted) != 0)
        {
            await consentTimer.DisposeAsync();
            throw new ObjectDisposedException(nameof(WebRtcClientConnection));
        }

        var result = await _dtls.HandshakeAsync(deadline.Token);
        _srtp = SrtpSession.FromKeyingMaterial(result.SrtpProfile, result.KeyingMaterial, result.IsClient);
        WebRtcClientLog.Connected(_logger, SrtpProfileNames.ToName(_srtp.Profile));
    }

    /// <summary>
    /// Starts gathering this thread's <see cref="SendRtp"/>/<see cref="SendRtcp"/> calls into one sendmmsg, sent when
    /// the returned scope is disposed: <c>using (connection.BeginSendBatch()) { …send a frame's packets… }</c>. Other
    /// threads' sends wait for the scope (it holds the send lock). Without batched I/O the scope does nothing.
    /// </summary>
    public SendBatchScope BeginSendBatch()
    {
        if (_sendBatch is null)
        {
            return default;
        }

        _sendPath.SyncRoot.Enter();
        if (_sendBatchDepth++ == 0)
        {
            _sendBatch.Begin();
        }

        return new SendBatchScope(this);
    }

    /// <summary>
    /// Encrypts and sends one RTP packet; false when not connected or it failed. Inside <see cref="BeginSendBatch"/>
    /// true means encrypted and queued; a refusal by the kernel at the batch's end is counted as SendFailed.
    /// </summary>
    public bool SendRtp(ReadOnlySpan<byte> rtpPacket) => _sendPath.SendRtp(_srtp, _path, rtpPacket);

    /// <summary>Encrypts and sends one RTCP compound packet.</summary>
    public bool SendRtcp(ReadOnlySpan<byte> rtcpPacket) => _sendPath.SendRtcp(_srtp, _path, rtcpPacket);

    internal void EndSendBatch()
    {
        try
        {
            if (--_sendBatchDepth == 0)
            {
                _sendBatch!.End();
            }
        }
        finally
        {
            _sendPath.SyncRoot.Exit();
        }
    }

    /// <summary>
    /// Encrypts <paramref name="rtpPacket"/> as the next outgoing SRTP packet into <paramref name="destination"/>
    /// without sending it (benchmarks feed a server the exact bytes this client would send); returns its length.
    /// </summary>
    internal int ProtectRtp(ReadOnlySpan<byte> rtpPacket, Span<byte> destination)
    {
        var srtp = _srtp ?? throw new InvalidOperationException("Not connected.");
        rtpPacket.CopyTo(destination);
        return srtp.TryProtectRtp(destination, rtpPacket.Length, out int length) ? length : throw new InvalidOperationException("SRTP protect failed.");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            return;
        }

        var consentTimer = Volatile.Read(ref _consentTimer);
        if (consentTimer is not null)
        {
            await consentTimer.DisposeAsync();
        }

        _dtls?.Dispose();
        await _stopping.CancelAsync();
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            try
            {
                await _receiveLoop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _srtp?.Dispose();
        _ice?.Dispose(); // after the consent timer and the receive loop, its only other users, have stopped
        _stopping.Dispose();
    }

    private void SendConsentCheck()
    {
        var ice = _ice;
        var selected = ice?.Selected;
        if (ice is null || selected is null)
        {
            return;
        }

        // A timer callback must never throw (it would end the process). DisposeAsync waits for a tick of the timer it
        // stops, but a timer that ConnectAsync started while DisposeAsync was under way is stopped by ConnectAsync, and
        // DisposeAsync may have disposed the ICE keys under a tick of it that is running now.
        if (Volatile.Read(ref _disposeStarted) != 0)
        {
            return;
        }

        try
        {
            Span<byte> check = stackalloc byte[IceControllingAgent.MaxCheckLength];
            int length = ice.WriteCheck(selected, check);
            TrySend(check[..length], _remote!);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The server's send path: joins this thread's <see cref="SendBatch"/> when one is begun on our socket.</summary>
    private bool TrySend(ReadOnlySpan<byte> datagram, SocketAddress remote, TransportCounters? owner = null) =>
        DatagramSend.SendTo(_socket, datagram, remote, owner);

    /// <summary>
    /// The shared receive loop on a dedicated thread: recvmmsg where available (a burst of echoed packets, a frame,
    /// costs one system call), else one recvfrom per datagram. Disposing the socket ends it.
    /// </summary>
    private void RunReceiveLoop()
    {
        if (UsesBatchedIo)
        {
            DatagramReceiveLoop.RunBatched(_socket, IoBatchSize, sendBatch: null, this, _stopping.Token);
        }
        else
        {
            DatagramReceiveLoop.RunSingle(_socket, this, _stopping.Token);
        }
    }

    void IDatagramHandler.OnReceived(int count)
    {
        // Per-kind counters below are what the client reports.
    }

    void IDatagramHandler.OnTruncated()
    {
        // Nothing the server sends is this long (it keeps under the 1,200-byte DTLS MTU and the RTP it relays); ignored.
    }

    void IDatagramHandler.OnFailed(Exception exception) => WebRtcClientLog.DatagramFailed(_logger, exception);

    /// <summary>Handles one datagram from the server; the span is the loop's buffer, decrypted in place.</summary>
    void IDatagramHandler.OnDatagram(Span<byte> datagram, SocketAddress source, Socket socket)
    {
        switch (PacketClassifier.Classify(datagram))
        {
            case PacketKind.Stun:
                OnStun(datagram, source);
                return;
            case PacketKind.Dtls:
                _dtls?.Deliver(datagram);
                return;
            case PacketKind.Rtp:
                if (SrtpSendPath.TryUnprotect(_srtp, datagram, isRtcp: false, _counters, out int rtpLength))
                {
                    _counters.RtpIn(rtpLength);
                    RtpReceived?.Invoke(datagram[..rtpLength]);
                }

                return;
            case PacketKind.Rtcp:
                if (SrtpSendPath.TryUnprotect(_srtp, datagram, isRtcp: true, _counters, out int rtcpLength))
                {
                    _counters.RtcpIn();
                    RtcpReceived?.Invoke(datagram[..rtcpLength]);
                }

                return;
            default:
                _counters.Drop(DropReason.UnknownKind);
                return;
        }
    }

    /// <summary>
    /// A STUN datagram: the peer's check (answered, and a triggered check sent back while nothing is selected) or
    /// a response to one of ours. Anything else, or a check that fails authentication, is dropped and counted.
    /// </summary>
    private void OnStun(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        var ice = _ice;
        if (ice is null || !StunMessage.TryParse(datagram, out var message))
        {
            _counters.Drop(DropReason.BadStun);
            return;
        }

        if (!message.IsBindingRequest)
        {
            if (!ice.OnStunResponse(datagram))
            {
                _counters.Drop(DropReason.BadStun);
            }

            return;
        }

        // Checks arrive a few times per second at most (consent every ~5 s after connecting): allocating the end
        // point here is not on the media path.
        var from = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(source);
        Span<byte> response = stackalloc byte[IceControllingAgent.MaxResponseLength];
        int length;
        bool triggerCheck;
        try
        {
            length = ice.OnBindingRequest(message, from, response, out triggerCheck);
        }
        catch (ObjectDisposedException)
        {
            return; // disposing: the keys are gone
        }

        if (length == 0)
        {
            _counters.Drop(DropReason.BadStun);
            return;
        }

        _counters.StunRequest();
        TrySend(response[..length], source);
        if (triggerCheck)
        {
            Span<byte> check = stackalloc byte[IceControllingAgent.MaxCheckLength];
            int checkLength = ice.WriteCheck(from, check);
            TrySend(check[..checkLength], source);
        }
    }

    private sealed class ClientDatagramSender(WebRtcClientConnection connection) : IDatagramSender
    {
        public void Send(ReadOnlySpan<byte> datagram)
        {
            var remote = connection._remote;
            if (remote is not null)
            {
                connection.TrySend(datagram, remote);
            }
        }
    }
}
