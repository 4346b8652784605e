using System.Net;
using System.Net.Sockets;

namespace Parley.Dtls.Tests;

/// <summary>
/// One side of a real UDP loopback link: sends to the peer's port and delivers every datagram it receives to a
/// DTLS endpoint. Records the largest datagram sent so flight sizes can be checked.
/// </summary>
internal sealed class UdpLoopbackLink : IDatagramSender, IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private IPEndPoint? _peer;
    private int _largestSent;
    private int _sent;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public int LargestDatagramSent => Volatile.Read(ref _largestSent);

    public int DatagramsSent => Volatile.Read(ref _sent);

    public static (UdpLoopbackLink Left, UdpLoopbackLink Right) CreatePair()
    {
        var left = new UdpLoopbackLink();
        var right = new UdpLoopbackLink();
        left._peer = right.LocalEndPoint;
        right._peer = left.LocalEndPoint;
        return (left, right);
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        var largest = Volatile.Read(ref _largestSent);
        while (datagram.Length > largest && Interlocked.CompareExchange(ref _largestSent, datagram.Length, largest) != largest)
        {
            largest = Volatile.Read(ref _largestSent);
        }

        Interlocked.Increment(ref _sent);
        _socket.Client.SendTo(datagram, SocketFlags.None, _peer!);
    }

    /// <summary>Starts delivering received datagrams to <paramref name="endpoint"/>.</summary>
    public void DeliverTo(DtlsSrtpEndpoint endpoint) => _ = Task.Run(async () =>
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(_stop.Token);
                endpoint.Deliver(received.Buffer);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    });

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
