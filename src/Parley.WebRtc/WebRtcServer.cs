using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Dtls;
using Parley.Srtp;
using Parley.Stun;
using Parley.WebRtc.Demux;
using Parley.WebRtc.Ice;
using Parley.WebRtc.Io;
using Parley.WebRtc.Tcp;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc;

/// <summary>
/// The one UDP port every <see cref="WebRtcTransport"/> shares. Receive loops classify each datagram
/// (RFC 7983), answer ICE-lite checks, and hand DTLS/SRTP to the transport registered for the sender's address.
/// With <c>Media:IceTcp</c> the same port number listens on TCP too (RFC 6544 passive candidates, RFC 4571
/// framing), and every frame goes through the same demultiplexing, with the connection in place of the address.
/// On Linux a loop moves a batch of datagrams per system call each way (recvmmsg in, sendmmsg for the replies its
/// handlers send while it handles the batch); see <see cref="MediaOptions.BatchedIo"/>.
/// </summary>
public sealed partial class WebRtcServer : IWebRtcTransportListener, IDatagramHandler, IAsyncDisposable
{
    /// <summary>Largest datagram we read; WebRTC stays under ~1200 bytes, DTLS flights under the MTU.</summary>
    public const int ReceiveBufferLength = DatagramLimits.ReceiveBufferLength;

    private readonly MediaOptions _options;
    private readonly ILogger _logger;
    private readonly Socket[] _sockets;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, WebRtcTransport> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, WebRtcTransport> _byAddress = new();
    private readonly TransportCounters _unmatched = new();

    // The counters of every transport that has closed, folded in once at its close; guarded by locking it.
    private readonly TransportTotals _closedTotals = new();
    private readonly ITimer _timer;
    private readonly Task[] _receiveLoops;
    private readonly WebRtcTransportEnvironment _environment;

    // The ICE-TCP side on the same port number (RFC 6544); null when disabled or its port could not be bound.
    private readonly IceTcpListener? _iceTcp;

    // Every batched loop's send batch, for the server-wide drop count; added once per loop, read by stats.
    private readonly List<SendBatch> _sendBatches = [];
    private long _datagramsIn;
    private long _datagramsTruncated;
    private int _disposed;

    private WebRtcServer(MediaOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, DtlsCertificate certificate)
    {
        _options = options;
        TimeProvider = timeProvider;
        LoggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<WebRtcServer>();
        Certificate = certificate;
        SrtpProfiles = SrtpProfileNames.ParseList(options.SrtpProfiles);

        AnnouncedAddresses = ResolveAnnouncedAddresses(options);
        int loops = options.ReceiveLoops > 0 ? options.ReceiveLoops : Environment.ProcessorCount;

        // On Linux several loops get a socket each (SO_REUSEPORT): no two threads contend for one socket's queue,
        // and the kernel keeps each peer on one socket, so a peer's packets are handled in order.
        int socketsPerAddress = loops > 1 && OperatingSystem.IsLinux() ? loops : 1;
        int loopsPerSocket = loops / socketsPerAddress;
        (_sockets, var tcpSockets) = BindPort(options, AnnouncedAddresses, socketsPerAddress, _logger);
        LocalEndPoint = (IPEndPoint)_sockets[0].LocalEndPoint!;
        UsesBatchedIo = options.BatchedIo && LinuxSocketNative.IsSupported(_sockets[0]);
        if (options.BatchedIo && !UsesBatchedIo)
        {
            WebRtcLog.BatchedIoUnavailable(_logger);
        }

        int batchSize = options.IoBatchSize;
        var receiveLoops = new List<Task>();
        foreach (var socket in _sockets)
        {
            for (int i = 0; i < loopsPerSocket; i++)
            {
                Action loop = UsesBatchedIo ? () => BatchedReceiveLoop(socket, batchSize) : () => DatagramReceiveLoop.RunSingle(socket, this, _stopping.Token);
                receiveLoops.Add(Task.Factory.StartNew(loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            }
        }

        _receiveLoops = [.. receiveLoops];

        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, Math.Min(TimeSpan.TicksPerSecond, options.ConsentTimeout.Ticks / 4)));
        if (tcpSockets is not null)
        {
            _iceTcp = IceTcpListener.Start(
                tcpSockets, options.IceTcp, ReceiveBufferLength, OnTcpFrame, timeProvider, loggerFactory.CreateLogger<IceTcpListener>());
        }

        var candidateTransports = _iceTcp is null ? LocalCandidateTransports.Udp
            : options.IceTcp.TcpCandidatesOnly ? LocalCandidateTransports.Tcp
            : LocalCandidateTransports.Udp | LocalCandidateTransports.Tcp;
        _environment = new WebRtcTransportEnvironment(
            timeProvider, loggerFactory, certificate, LocalEndPoint.Port, AnnouncedAddresses, SrtpProfiles, options.ConnectTimeout, options.ConsentTimeout,
            candidateTransports);
        _timer = timeProvider.CreateTimer(static state => ((WebRtcServer)state!).CheckTimers(), this, tick, tick);
        WebRtcLog.PortStarted(_logger, LocalEndPoint, string.Join(",", AnnouncedAddresses), string.Join(",", SrtpProfiles.Select(SrtpProfileNames.ToName)));
    }

    /// <summary>Binds the UDP port and starts the receive loops.</summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid (<see cref="MediaOptions.Validate"/> lists why).</exception>
    public static WebRtcServer Start(MediaOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, DtlsCertificate? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        return new WebRtcServer(options, timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance, certificate ?? DtlsCertificate.Generate());
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The UDP port actually bound (differs from the option when it was 0).</summary>
    public int Port => LocalEndPoint.Port;

    /// <summary>Addresses announced as ICE host candidates (all with <see cref="Port"/>).</summary>
    public IReadOnlyList<IPAddress> AnnouncedAddresses { get; }

    /// <summary>The server's DTLS certificate; its fingerprint goes in every answer.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>Default SRTP profile preference order (from <c>Media:SrtpProfiles</c>).</summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; }

    public TimeProvider TimeProvider { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal MediaOptions Options => _options;

    /// <summary>Live transports.</summary>
    public IReadOnlyCollection<WebRtcTransport> Transports => (IReadOnlyCollection<WebRtcTransport>)_byId.Values;

    /// <summary>Datagrams received on the port (all kinds).</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsIn);

    /// <summary>True when the receive loops use recvmmsg/sendmmsg (Linux and <c>Media:BatchedIo</c>), false for recvfrom/sendto.</summary>
    public bool UsesBatchedIo { get; }

    /// <summary>Datagrams longer than <see cref="ReceiveBufferLength"/>, cut by the kernel and dropped.</summary>
    public long DatagramsTruncated => Interlocked.Read(ref _datagramsTruncated);

    /// <summary>Replies gathered in a send batch that the kernel then refused (also counted per transport as SendFailed).</summary>
    public long BatchedSendDrops
    {
        get
        {
            lock (_sendBatches)
            {
                return _sendBatches.Sum(batch => batch.Dropped);
            }
        }
    }

    /// <summary>Datagrams (and ICE-TCP frames) dropped before a transport could be found, by reason.</summary>
    public long UnmatchedDrops(DropReason reason) => _unmatched.DropCount(reason);

    /// <summary>
    /// The port's counters since it started, closed transports included (<see cref="WebRtcPortTotals"/>). Reads every
    /// live transport's counters once: meant for a metrics scrape, not for a packet path.
    /// </summary>
    public WebRtcPortTotals GetTotals()
    {
        // Closed ones first: a transport closing meanwhile leaves the live set before it joins the closed sum, so it
        // is missed for this one reading at worst (a reader of counters takes the next, higher value), never counted twice.
        var sum = new TransportTotals();
        lock (_closedTotals)
        {
            sum.Add(_closedTotals);
        }

        int transports = 0;
        int connected = 0;
        foreach (var transport in _byId.Values)
        {
            transport.AddTotalsTo(sum);
            transports++;
            if (transport.State == WebRtcTransportState.Connected)
            {
                connected++;
            }
        }

        _unmatched.AddTo(sum);
        var drops = new Dictionary<DropReason, long>(sum.Drops.Length);
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            drops[reason] = sum.Drops[(int)reason];
        }

        return new WebRtcPortTotals
        {
            Transports = transports,
            ConnectedTransports = connected,
            DatagramsReceived = DatagramsReceived,
            DatagramsTruncated = DatagramsTruncated,
            RtpPacketsIn = sum.RtpPacketsIn,
            RtpBytesIn = sum.RtpBytesIn,
            RtcpPacketsIn = sum.RtcpPacketsIn,
            RtpPacketsOut = sum.RtpPacketsOut,
            RtpBytesOut = sum.RtpBytesOut,
            RtcpPacketsOut = sum.RtcpPacketsOut,
            StunRequests = sum.StunRequests,
            Drops = drops,
            SrtpAuthenticationFailures = sum.SrtpAuthenticationFailed,
            SrtpReplays = sum.SrtpReplayed,
            SrtpMalformed = sum.SrtpMalformed,
            SrtpTooManySsrcs = sum.SrtpTooManySsrcs,
        };
    }

    /// <summary>True when the ICE-TCP listener runs on <see cref="Port"/> (TCP) and descriptions carry TCP candidates.</summary>
    public bool IceTcpListening => _iceTcp is not null;

    /// <summary>The ICE-TCP listener's counters (connections, frames, drops).</summary>
    public IceTcpStats GetIceTcpStats() => _iceTcp?.GetStats() ?? new IceTcpStats { Listening = false, Port = 0 };

    /// <summary>Creates a transport with fresh ICE credentials, reachable as soon as this returns.</summary>
    public WebRtcTransport CreateTransport(WebRtcTransportSettings? settings = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        settings ??= new WebRtcTransportSettings();
        while (true)
        {
            var transport = new WebRtcTransport(this, _environment, settings, IceCredentials.CreateRandom());
            if (_byUfrag.TryAdd(transport.LocalIce.UsernameFragment, transport))
            {
                _byId[transport.Id] = transport;
                return transport;
            }

            transport.Dispose(); // ufrag collision (2^-48): retry with new credentials
        }
    }

    public bool TryGetTransport(string id, out WebRtcTransport transport) => _byId.TryGetValue(id, out transport!);

    /// <summary>
    /// A send batch on the first socket that hands its datagrams to <paramref name="transmitter"/> instead of the
    /// kernel: the transport benchmark runs the whole batch path and discards the result.
    /// </summary>
    internal SendBatch CreateSendBatch(int capacity, BatchTransmitter transmitter) =>
        new(_sockets[0], capacity, ReceiveBufferLength, transmitter);

    bool IWebRtcTransportListener.TryAddUsernameFragment(WebRtcTransport transport, string usernameFragment) =>
        _byUfrag.TryAdd(usernameFragment, transport);

    void IWebRtcTransportListener.RemoveUsernameFragment(WebRtcTransport transport, string usernameFragment) =>
        _byUfrag.TryRemove(new KeyValuePair<string, WebRtcTransport>(usernameFragment, transport));

    void IWebRtcTransportListener.AddRemoteAddress(WebRtcTransport transport, SocketAddress address) => _byAddress[address] = transport;

    void IWebRtcTransportListener.RemoveRemoteAddress(WebRtcTransport transport, SocketAddress address) =>
        _byAddress.TryRemove(new KeyValuePair<SocketAddress, WebRtcTransport>(address, transport));

    void IWebRtcTransportListener.OnTransportClosed(WebRtcTransport transport)
    {
        // Out of the live set first, then into the closed sum (see GetTotals). Packets a racing receive loop counts on
        // the transport after this are not in the port's totals: a handful at most, at a close.
        if (_byId.TryRemove(new KeyValuePair<string, WebRtcTransport>(transport.Id, transport)))
        {
            lock (_closedTotals)
            {
                transport.AddTotalsTo(_closedTotals);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _timer.DisposeAsync();
        await _stopping.CancelAsync();
        foreach (var transport in _byId.Values)
        {
            transport.Close(TransportCloseReason.ServerStopped);
        }

        if (_iceTcp is not null)
        {
            await _iceTcp.DisposeAsync();
        }

        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        try
        {
            await Task.WhenAll(_receiveLoops);
        }
        catch (OperationCanceledException)
        {
            // expected on shutdown
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// The batched receive loop (Linux): blocks in recvmmsg until datagrams are queued, takes up to a batch, handles
    /// them in order, then sends every reply the handlers produced with one sendmmsg.
    /// </summary>
    private void BatchedReceiveLoop(Socket socket, int batchSize)
    {
        // This loop owns `sendBatch` (the pinned slab the replies are copied into until the flush).
        var sendBatch = new SendBatch(socket, batchSize, ReceiveBufferLength);
        lock (_sendBatches)
        {
            _sendBatches.Add(sendBatch);
        }

        DatagramReceiveLoop.RunBatched(socket, batchSize, sendBatch, this, _stopping.Token);
    }

    /// <summary>
    /// Handles the first <paramref name="count"/> datagrams of <paramref name="receiver"/>'s batch with
    /// <paramref name="sendBatch"/> gathering this thread's replies, then flushes it (the transport benchmark's entry).
    /// </summary>
    internal void HandleBatch(IDatagramBatch receiver, int count, SocketAddress source, SendBatch sendBatch) =>
        DatagramReceiveLoop.HandleBatch(receiver, count, source, sendBatch.Socket, sendBatch, this);

    void IDatagramHandler.OnReceived(int count) => Interlocked.Add(ref _datagramsIn, count);

    void IDatagramHandler.OnTruncated() => Interlocked.Increment(ref _datagramsTruncated);

    void IDatagramHandler.OnFailed(Exception exception) => WebRtcLog.DatagramFailed(_logger, exception);

    void IDatagramHandler.OnDatagram(Span<byte> datagram, SocketAddress source, Socket socket) => OnDatagram(datagram, source, socket);

    /// <summary>Handles one datagram; <paramref name="datagram"/> is only valid during the call.</summary>
    internal void OnDatagram(Span<byte> datagram, SocketAddress source, Socket socket)
    {
        var kind = PacketClassifier.Classify(datagram);
        if (kind == PacketKind.Stun)
        {
            OnStun(datagram, source, socket);
            return;
        }

        if (kind == PacketKind.Unknown)
        {
            if (_byAddress.TryGetValue(source, out var known))
            {
                known.CountDrop(DropReason.UnknownKind);
            }
            else
            {
                _unmatched.Drop(DropReason.UnknownKind);
            }

            return;
        }

        if (!_byAddress.TryGetValue(source, out var transport))
        {
            _unmatched.Drop(DropReason.UnknownPeer);
            return;
        }

        transport.OnDatagram(kind, datagram);
    }

    private void OnStun(ReadOnlySpan<byte> datagram, SocketAddress source, Socket socket)
    {
        if (TryFindCheckedTransport(datagram, out var message, out var transport))
        {
            transport.OnBindingRequest(message, source, socket);
        }
    }

    /// <summary>
    /// One packet from an ICE-TCP connection (an RFC 4571 frame's payload, valid during the call): the same
    /// demultiplexing as a UDP datagram, with the connection in place of the source address — checks are answered on
    /// it, and once a valid check bound it to a transport, its DTLS and SRTP go to that transport.
    /// </summary>
    private void OnTcpFrame(Span<byte> frame, IceTcpConnection connection)
    {
        var kind = PacketClassifier.Classify(frame);
        var transport = connection.Transport;
        if (kind == PacketKind.Stun)
        {
            if (TryFindCheckedTransport(frame, out var message, out var checkedTransport))
            {
                checkedTransport.OnBindingRequest(message, connection);
            }

            return;
        }

        if (kind == PacketKind.Unknown)
        {
            if (transport is not null)
            {
                transport.CountDrop(DropReason.UnknownKind);
            }
            else
            {
                _unmatched.Drop(DropReason.UnknownKind);
            }

            return;
        }

        if (transport is null)
        {
            _unmatched.Drop(DropReason.UnknownPeer);
            return;
        }

        transport.OnDatagram(kind, frame);
    }

    /// <summary>Parses a Binding request and finds the transport its USERNAME names; counts the drop and returns false otherwise.</summary>
    private bool TryFindCheckedTransport(ReadOnlySpan<byte> packet, out StunMessage message, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WebRtcTransport? transport)
    {
        transport = null;
        if (!StunMessage.TryParse(packet, out message) || !message.IsBindingRequest)
        {
            // ICE-lite never sends requests, so responses and indications are not for us.
            _unmatched.Drop(DropReason.BadStun);
            return false;
        }

        Span<char> ufrag = stackalloc char[IceLiteChecks.MaxUfragLength];
        if (!IceLiteChecks.TryGetLocalUfrag(message, ufrag, out int ufragLength)
            || !_byUfrag.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(ufrag[..ufragLength], out transport))
        {
            _unmatched.Drop(DropReason.BadStun);
            return false;
        }

        return true;
    }

    private void CheckTimers()
    {
        long now = TimeProvider.GetTimestamp();
        foreach (var transport in _byId.Values)
        {
            transport.CheckTimers(now);
        }

        _iceTcp?.CheckTimers(now);
    }
}
