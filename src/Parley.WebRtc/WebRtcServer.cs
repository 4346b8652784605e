using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Dtls;
using Parley.Stun;
using Parley.WebRtc.Demux;
using Parley.WebRtc.Ice;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc;

/// <summary>
/// The one UDP port every <see cref="WebRtcTransport"/> shares. Receive loops classify each datagram
/// (RFC 7983), answer ICE-lite checks, and hand DTLS/SRTP to the transport registered for the sender's address.
/// </summary>
public sealed partial class WebRtcServer : IAsyncDisposable
{
    /// <summary>Largest datagram we read; WebRTC stays under ~1200 bytes, DTLS flights under the MTU.</summary>
    public const int ReceiveBufferLength = 2048;

    private readonly MediaOptions _options;
    private readonly ILogger _logger;
    private readonly Socket[] _sockets;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, WebRtcTransport> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, WebRtcTransport> _byAddress = new();
    private readonly TransportCounters _unmatched = new();
    private readonly ITimer _timer;
    private readonly Task[] _receiveLoops;
    private long _datagramsIn;
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
        _sockets = BindSockets(options, AnnouncedAddresses);
        LocalEndPoint = (IPEndPoint)_sockets[0].LocalEndPoint!;

        int loops = options.ReceiveLoops > 0 ? options.ReceiveLoops : Environment.ProcessorCount;
        var receiveLoops = new List<Task>();
        foreach (var socket in _sockets)
        {
            for (int i = 0; i < loops; i++)
            {
                receiveLoops.Add(Task.Factory.StartNew(() => ReceiveLoop(socket), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            }
        }

        _receiveLoops = [.. receiveLoops];

        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, Math.Min(TimeSpan.TicksPerSecond, options.ConsentTimeout.Ticks / 4)));
        _timer = timeProvider.CreateTimer(static state => ((WebRtcServer)state!).CheckTimers(), this, tick, tick);
        LogStarted(_logger, LocalEndPoint, string.Join(",", AnnouncedAddresses), string.Join(",", SrtpProfiles.Select(SrtpProfileNames.ToName)));
    }

    /// <summary>Binds the UDP port and starts the receive loops.</summary>
    public static WebRtcServer Start(MediaOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, DtlsCertificate? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
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
    public IReadOnlyList<Parley.Srtp.SrtpProfile> SrtpProfiles { get; }

    public TimeProvider TimeProvider { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal MediaOptions Options => _options;

    /// <summary>Live transports.</summary>
    public IReadOnlyCollection<WebRtcTransport> Transports => (IReadOnlyCollection<WebRtcTransport>)_byId.Values;

    /// <summary>Datagrams received on the port (all kinds).</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsIn);

    /// <summary>Datagrams dropped before a transport could be found, by reason.</summary>
    public long UnmatchedDrops(DropReason reason) => _unmatched.DropCount(reason);

    /// <summary>Creates a transport with fresh ICE credentials, reachable as soon as this returns.</summary>
    public WebRtcTransport CreateTransport(WebRtcTransportSettings? settings = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        settings ??= new WebRtcTransportSettings();
        while (true)
        {
            var transport = new WebRtcTransport(this, settings, IceCredentials.CreateRandom());
            if (_byUfrag.TryAdd(transport.LocalIce.UsernameFragment, transport))
            {
                _byId[transport.Id] = transport;
                return transport;
            }

            transport.Dispose(); // ufrag collision (2^-48): retry with new credentials
        }
    }

    public bool TryGetTransport(string id, out WebRtcTransport transport) => _byId.TryGetValue(id, out transport!);

    /// <summary>Encrypted bytes out to a peer; the socket copies the span, so the caller keeps its buffer.</summary>
    internal static bool SendTo(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            return socket.SendTo(datagram, SocketFlags.None, remote) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Routes packets from <paramref name="address"/> to <paramref name="transport"/> (an ICE check validated it).</summary>
    internal void BindAddress(WebRtcTransport transport, SocketAddress address) => _byAddress[address] = transport;

    internal void UnbindAddress(WebRtcTransport transport, SocketAddress address) =>
        _byAddress.TryRemove(new KeyValuePair<SocketAddress, WebRtcTransport>(address, transport));

    internal void Forget(WebRtcTransport transport)
    {
        _byId.TryRemove(transport.Id, out _);
        _byUfrag.TryRemove(new KeyValuePair<string, WebRtcTransport>(transport.LocalIce.UsernameFragment, transport));
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
    /// A blocking receive loop on its own thread: cheaper per datagram than async receives (no thread-pool hop
    /// or epoll re-arm per packet). Disposing the socket unblocks it.
    /// </summary>
    private void ReceiveLoop(Socket socket)
    {
        // This loop owns `buffer` (rented here, returned when the loop ends) and `source` (reused for every
        // datagram, so the registry must clone it before storing it as a key).
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        var source = new SocketAddress(socket.AddressFamily);
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = socket.ReceiveFrom(buffer.AsSpan(0, ReceiveBufferLength), SocketFlags.None, source);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    continue; // ICMP port unreachable from a departed peer, or an oversized datagram
                }

                Interlocked.Increment(ref _datagramsIn);
                try
                {
                    OnDatagram(buffer.AsSpan(0, received), source, socket);
                }
                catch (Exception ex)
                {
                    // A bug in one packet's handling must not stop the port for every peer.
                    LogDatagramFailed(_logger, ex);
                }
            }
        }
        catch (SocketException) when (token.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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
        if (!StunMessage.TryParse(datagram, out var message) || !message.IsBindingRequest)
        {
            // ICE-lite never sends requests, so responses and indications are not for us.
            _unmatched.Drop(DropReason.BadStun);
            return;
        }

        Span<char> ufrag = stackalloc char[IceLiteChecks.MaxUfragLength];
        if (!IceLiteChecks.TryGetLocalUfrag(message, ufrag, out int ufragLength)
            || !_byUfrag.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(ufrag[..ufragLength], out var transport))
        {
            _unmatched.Drop(DropReason.BadStun);
            return;
        }

        transport.OnBindingRequest(message, source, socket);
    }

    private void CheckTimers()
    {
        long now = TimeProvider.GetTimestamp();
        foreach (var transport in _byId.Values)
        {
            transport.CheckTimers(now);
        }
    }

    /// <summary>
    /// Binds the media port. With <c>Media:BindAddress</c> set, one socket on it. Otherwise one socket per announced
    /// address, all on the same port: a reply then leaves from the address the peer sent to, which ICE requires
    /// (RFC 8445 §7.2.5.2.1 drops responses from another address) and a single 0.0.0.0 socket cannot guarantee on a
    /// multi-homed host. If an announced address is not local (a NAT's public IP), fall back to 0.0.0.0.
    /// </summary>
    private static Socket[] BindSockets(MediaOptions options, IReadOnlyList<IPAddress> announced)
    {
        if (!string.IsNullOrWhiteSpace(options.BindAddress))
        {
            return [BindSocket(options, IPAddress.Parse(options.BindAddress), options.UdpPort)];
        }

        var sockets = new List<Socket>();
        try
        {
            int port = options.UdpPort;
            foreach (var address in announced)
            {
                var socket = BindSocket(options, address, port);
                sockets.Add(socket);
                port = ((IPEndPoint)socket.LocalEndPoint!).Port; // with port 0, the first socket picks it for all
            }

            return [.. sockets];
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            return [BindSocket(options, IPAddress.Any, options.UdpPort)];
        }
    }

    private static Socket BindSocket(MediaOptions options, IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = options.SocketReceiveBufferBytes,
            SendBufferSize = options.SocketSendBufferBytes,
        };
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static List<IPAddress> ResolveAnnouncedAddresses(MediaOptions options)
    {
        var addresses = new List<IPAddress>();
        foreach (var text in options.AnnouncedAddresses)
        {
            if (!IPAddress.TryParse(text, out var address))
            {
                throw new ArgumentException($"Media:AnnouncedAddresses contains '{text}', which is not an IP address.", nameof(options));
            }

            addresses.Add(address);
        }

        if (addresses.Count > 0)
        {
            return addresses;
        }

        addresses.Add(IPAddress.Loopback);
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address) && !addresses.Contains(unicast.Address))
                {
                    addresses.Add(unicast.Address);
                }
            }
        }

        return addresses;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebRTC media port {LocalEndPoint} up; candidates {Addresses}; SRTP order {Profiles}")]
    private static partial void LogStarted(ILogger logger, IPEndPoint localEndPoint, string addresses, string profiles);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a datagram failed")]
    private static partial void LogDatagramFailed(ILogger logger, Exception exception);
}
