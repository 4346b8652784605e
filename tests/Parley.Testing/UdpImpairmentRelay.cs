using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>
/// A userspace UDP relay that sits on the media path of a test and drops a share of the RTP packets, so loss
/// recovery (NACK/RTX) and the network-quality figures can be exercised on loopback without root or tc/netem.
/// </summary>
/// <remarks>
/// The server announces <see cref="ListenEndPoint"/> as its ICE candidate (and binds elsewhere); each peer that
/// sends to the relay gets its own upstream socket towards the server, so the server sees one distinct address per
/// peer, exactly as without the relay. STUN, DTLS and RTCP always pass: only RTP (RFC 7983 first byte 128–191 with
/// an RTP payload type, RFC 5761 §4) is dropped, in both directions, with the configured probability.
/// </remarks>
public sealed class UdpImpairmentRelay : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _server;
    private readonly IPAddress _upstreamAddress;
    private readonly double _rtpLossRate;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly ConcurrentDictionary<IPEndPoint, Socket> _upstreams = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private long _rtpForwarded;
    private long _rtpDropped;

    /// <param name="listen">Where peers send (the address the server announces).</param>
    /// <param name="server">The server's real media address.</param>
    /// <param name="upstreamAddress">The local address the per-peer upstream sockets bind.</param>
    /// <param name="rtpLossRate">Probability (0–1) that an RTP packet is dropped, per direction.</param>
    /// <param name="seed">Seed of the drop decisions, so a failing run can be repeated.</param>
    public UdpImpairmentRelay(IPEndPoint listen, IPEndPoint server, IPAddress upstreamAddress, double rtpLossRate, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rtpLossRate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rtpLossRate, 1);
        _server = server;
        _upstreamAddress = upstreamAddress;
        _rtpLossRate = rtpLossRate;
        _random = new Random(seed);
        _listener = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _listener.Bind(listen);
        ListenEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _loops.Add(Task.Run(DownstreamLoopAsync));
    }

    public IPEndPoint ListenEndPoint { get; }

    /// <summary>RTP packets passed on, both directions.</summary>
    public long RtpForwarded => Interlocked.Read(ref _rtpForwarded);

    /// <summary>RTP packets dropped, both directions.</summary>
    public long RtpDropped => Interlocked.Read(ref _rtpDropped);

    /// <summary>Peers → server: one upstream socket per peer address.</summary>
    private async Task DownstreamLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_listener.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _listener.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }

            var peer = (IPEndPoint)received.RemoteEndPoint;
            var upstream = _upstreams.GetOrAdd(peer, CreateUpstream);
            if (ShouldPass(buffer.AsSpan(0, received.ReceivedBytes)))
            {
                await SendQuietlyAsync(upstream, buffer.AsMemory(0, received.ReceivedBytes), _server);
            }
        }
    }

    private Socket CreateUpstream(IPEndPoint peer)
    {
        var socket = new Socket(_server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(_upstreamAddress, 0));
        lock (_loops)
        {
            _loops.Add(Task.Run(() => UpstreamLoopAsync(socket, peer)));
        }

        return socket;
    }

    /// <summary>Server → one peer: what arrives on that peer's upstream socket leaves from the listen address.</summary>
    private async Task UpstreamLoopAsync(Socket upstream, IPEndPoint peer)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = (await upstream.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token)).ReceivedBytes;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }

            if (ShouldPass(buffer.AsSpan(0, length)))
            {
                await SendQuietlyAsync(_listener, buffer.AsMemory(0, length), peer);
            }
        }
    }

    private bool ShouldPass(ReadOnlySpan<byte> datagram)
    {
        if (!IsRtp(datagram))
        {
            return true;
        }

        bool drop;
        lock (_randomLock)
        {
            drop = _random.NextDouble() < _rtpLossRate;
        }

        Interlocked.Increment(ref drop ? ref _rtpDropped : ref _rtpForwarded);
        return !drop;
    }

    /// <summary>RFC 7983 §7: 128–191 is RTP or RTCP; RFC 5761 §4: payload types 64–95 (with the marker bit cleared) are RTCP.</summary>
    private static bool IsRtp(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 12 || datagram[0] < 128 || datagram[0] > 191)
        {
            return false;
        }

        var payloadType = datagram[1] & 0x7F;
        return payloadType is < 64 or > 95;
    }

    private async Task SendQuietlyAsync(Socket socket, ReadOnlyMemory<byte> datagram, IPEndPoint to)
    {
        try
        {
            await socket.SendToAsync(datagram, SocketFlags.None, to, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A peer that went away; the relay keeps serving the others.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var upstream in _upstreams.Values)
        {
            upstream.Dispose();
        }

        try
        {
            Task[] loops;
            lock (_loops)
            {
                loops = [.. _loops];
            }

            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Loops blocked in a send; their sockets are closed, they end on their own.
        }

        _stop.Dispose();
    }
}
