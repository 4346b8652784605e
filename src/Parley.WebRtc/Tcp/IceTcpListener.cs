using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tcp;

/// <summary>
/// The media port's TCP side (RFC 6544 passive candidates): accepts connections on the UDP port's number, applies the
/// per-address and total connection limits, runs one <see cref="IceTcpConnection"/> per peer, and closes connections
/// that never send a valid ICE check or whose transport has closed (<see cref="CheckTimers"/>, on the port's timer).
/// </summary>
internal sealed class IceTcpListener : IIceTcpConnectionOwner, IAsyncDisposable
{
    private const int ListenBacklog = 512;

    private readonly Socket[] _listenSockets;
    private readonly IceTcpOptions _options;
    private readonly IceTcpFrameHandler _frameHandler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxFrameLength;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<IceTcpConnection, byte> _connections = new();

    // Open connections per peer IP, guarded by _admission (accepts and closes only, never per packet).
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _admission = new();
    private Task[] _acceptLoops = [];
    private long _accepted;
    private long _refused;
    private long _timedOut;
    private long _frames;
    private long _oversized;
    private long _backlogDrops;

    private IceTcpListener(Socket[] listenSockets, IceTcpOptions options, int maxFrameLength, IceTcpFrameHandler frameHandler, TimeProvider time, ILogger logger)
    {
        _listenSockets = listenSockets;
        _options = options;
        _maxFrameLength = maxFrameLength;
        _frameHandler = frameHandler;
        _time = time;
        _logger = logger;
        Port = ((IPEndPoint)listenSockets[0].LocalEndPoint!).Port;
    }

    public int Port { get; }

    public IReadOnlyList<IPEndPoint> LocalEndPoints => [.. _listenSockets.Select(socket => (IPEndPoint)socket.LocalEndPoint!)];

    /// <summary>
    /// Binds a listening socket per address on <paramref name="port"/> (SO_REUSEADDR, so a restart does not wait for
    /// old connections' TIME_WAIT; not SO_REUSEPORT, so a second server cannot share the port unnoticed).
    /// </summary>
    /// <exception cref="SocketException">The port is taken on one of the addresses (nothing stays bound).</exception>
    public static Socket[] Bind(IEnumerable<IPAddress> addresses, int port)
    {
        var sockets = new List<Socket>();
        try
        {
            foreach (var address in addresses.Distinct())
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                if (OperatingSystem.IsLinux())
                {
                    socket.SetRawSocketOption(1, 2, BitConverter.GetBytes(1)); // SOL_SOCKET, SO_REUSEADDR
                }

                if (address.Equals(IPAddress.IPv6Any))
                {
                    socket.DualMode = true;
                }

                socket.Bind(new IPEndPoint(address, port));
                socket.Listen(ListenBacklog);
            }

            return [.. sockets];
        }
        catch
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Starts accepting on <paramref name="listenSockets"/> (from <see cref="Bind"/>; the listener owns them from now on).</summary>
    public static IceTcpListener Start(Socket[] listenSockets, IceTcpOptions options, int maxFrameLength, IceTcpFrameHandler frameHandler, TimeProvider time, ILogger logger)
    {
        var listener = new IceTcpListener(listenSockets, options, maxFrameLength, frameHandler, time, logger);
        listener._acceptLoops = [.. listenSockets.Select(socket => Task.Run(() => listener.AcceptLoopAsync(socket)))];
        IceTcpLog.Listening(logger, string.Join(",", listener.LocalEndPoints));
        return listener;
    }

    public IceTcpStats GetStats() => new()
    {
        Listening = true,
        Port = Port,
        ConnectionsAccepted = Interlocked.Read(ref _accepted),
        ConnectionsRefused = Interlocked.Read(ref _refused),
        ConnectionsTimedOut = Interlocked.Read(ref _timedOut),
        ConnectionsOpen = _connections.Count,
        FramesReceived = Interlocked.Read(ref _frames),
        FramesOversized = Interlocked.Read(ref _oversized),
        SendBacklogDrops = Interlocked.Read(ref _backlogDrops),
    };

    /// <summary>Closes connections with no valid check after <c>StunTimeout</c>, and those whose transport closed.</summary>
    public void CheckTimers(long nowTimestamp)
    {
        foreach (var connection in _connections.Keys)
        {
            var transport = connection.Transport;
            if (transport is null)
            {
                if (_time.GetElapsedTime(connection.AcceptedTimestamp, nowTimestamp) > _options.StunTimeout)
                {
                    Interlocked.Increment(ref _timedOut);
                    IceTcpLog.TimedOut(_logger, connection.RemoteIp, _options.StunTimeout);
                    connection.Close();
                }
            }
            else if (transport.State == WebRtcTransportState.Closed)
            {
                connection.Close();
            }
        }
    }

    void IIceTcpConnectionOwner.OnFrame(Span<byte> frame, IceTcpConnection connection)
    {
        Interlocked.Increment(ref _frames);
        _frameHandler(frame, connection);
    }

    void IIceTcpConnectionOwner.OnFrameFailed(Exception exception) => IceTcpLog.FrameFailed(_logger, exception);

    void IIceTcpConnectionOwner.OnOversizedFrames(long count) => Interlocked.Add(ref _oversized, count);

    void IIceTcpConnectionOwner.OnBacklogDrop() => Interlocked.Increment(ref _backlogDrops);

    void IIceTcpConnectionOwner.OnClosed(IceTcpConnection connection)
    {
        if (!_connections.TryRemove(connection, out _))
        {
            return;
        }

        lock (_admission)
        {
            if (_perAddress.TryGetValue(connection.RemoteIp, out int count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(connection.RemoteIp);
                }
                else
                {
                    _perAddress[connection.RemoteIp] = count - 1;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var socket in _listenSockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var connection in _connections.Keys)
        {
            connection.Close();
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listenSocket)
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listenSocket.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return; // the port is stopping
            }
            catch (SocketException ex)
            {
                // Out of descriptors, or a connection reset before we took it: not the listener's end.
                IceTcpLog.AcceptFailed(_logger, listenSocket.LocalEndPoint, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(100), token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            Admit(accepted);
        }
    }

    private void Admit(Socket socket)
    {
        IceTcpConnection connection;
        try
        {
            // Media is latency-bound: every frame leaves at once, Nagle would hold small packets back.
            socket.NoDelay = true;
            socket.Blocking = false; // sends never wait (see IceTcpConnection); receives are async anyway
            connection = new IceTcpConnection(socket, this, _maxFrameLength, _options.SendBacklogBytes, _time.GetTimestamp());
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            socket.Dispose(); // gone before we looked at it
            return;
        }

        string? refusedBy = null;
        lock (_admission)
        {
            _perAddress.TryGetValue(connection.RemoteIp, out int fromAddress);
            if (_connections.Count >= _options.MaxConnections)
            {
                refusedBy = "Media:IceTcp:MaxConnections";
            }
            else if (fromAddress >= _options.MaxConnectionsPerAddress)
            {
                refusedBy = "Media:IceTcp:MaxConnectionsPerAddress";
            }
            else
            {
                _perAddress[connection.RemoteIp] = fromAddress + 1;
                _connections[connection] = 0;
            }
        }

        if (refusedBy is not null)
        {
            Interlocked.Increment(ref _refused);
            IceTcpLog.Refused(_logger, connection.RemoteIp, refusedBy);
            socket.Dispose();
            return;
        }

        Interlocked.Increment(ref _accepted);
        if (_stopping.IsCancellationRequested)
        {
            connection.Close();
            return;
        }

        _ = connection.RunAsync();
    }
}
