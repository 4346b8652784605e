using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>
/// A loopback TCP relay in front of a server that a test can cut, as a network change cuts a client's connections:
/// <see cref="CutAll"/> resets every relayed connection (RST both ways, no WebSocket close frame), while the relay
/// keeps accepting new ones, so the client can reconnect through it.
/// </summary>
public sealed class TcpCutRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly List<Socket> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpCutRelay(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    /// <summary>Where clients connect: http://127.0.0.1:{port}/.</summary>
    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Connections relayed so far (each accepted client connection counts once).</summary>
    public int Accepted { get; private set; }

    /// <summary>Resets every open connection in both directions.</summary>
    public void CutAll()
    {
        Socket[] open;
        lock (_open)
        {
            open = [.. _open];
            _open.Clear();
        }
        foreach (var socket in open)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0); // close with RST, like a vanished peer
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Accepted++;
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            client.Close();
            server.Close();
            return;
        }
        lock (_open)
        {
            _open.Add(client);
            _open.Add(server);
        }
        await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        client.Close();
        server.Close();
        lock (_open)
        {
            _open.Remove(client);
            _open.Remove(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        // Owned by this pump for the connection's life.
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        await _accepting;
        _stop.Dispose();
    }
}
