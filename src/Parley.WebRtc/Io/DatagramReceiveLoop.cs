using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Parley.WebRtc.Io;

/// <summary>
/// The receive loops every media socket runs on a dedicated thread, server port and client connection alike: a
/// batched one (Linux recvmmsg, replies gathered into a <see cref="SendBatch"/> and sent with one sendmmsg per
/// batch) and a portable one (one blocking recvfrom per datagram, cheaper per datagram than async receives: no
/// thread-pool hop or epoll re-arm per packet). Disposing the socket ends either (.NET shuts the socket down while
/// our call holds a reference on the handle).
/// </summary>
internal static class DatagramReceiveLoop
{
    /// <summary>Runs the batched loop until <paramref name="token"/> fires or the socket is disposed.</summary>
    /// <param name="sendBatch">Gathers what handlers send on this thread during a batch; null sends at once.</param>
    public static void RunBatched(Socket socket, int batchSize, SendBatch? sendBatch, IDatagramHandler handler, CancellationToken token)
    {
        // This loop owns `receiver` (its pinned datagram slab and sockaddr array) and `source` (one SocketAddress
        // reused for every datagram; whoever keeps an address clones it).
        var receiver = new BatchedReceiver(socket, batchSize, DatagramLimits.ReceiveBufferLength);
        var source = new SocketAddress(socket.AddressFamily);
        try
        {
            while (!token.IsCancellationRequested)
            {
                int count = receiver.Receive();
                if (count == 0 || token.IsCancellationRequested)
                {
                    continue; // interrupted, or the zero-length reads a shutdown produces
                }

                handler.OnReceived(count);
                HandleBatch(receiver, count, source, socket, sendBatch, handler);
            }
        }
        catch (SocketException) when (token.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Handles the first <paramref name="count"/> datagrams of <paramref name="batch"/> in order, with
    /// <paramref name="sendBatch"/> (when given) gathering this thread's sends, then flushes it.
    /// </summary>
    public static void HandleBatch(IDatagramBatch batch, int count, SocketAddress source, Socket socket, SendBatch? sendBatch, IDatagramHandler handler)
    {
        sendBatch?.Begin();
        try
        {
            for (int i = 0; i < count; i++)
            {
                if (batch.IsTruncated(i))
                {
                    handler.OnTruncated();
                    continue;
                }

                batch.CopySource(i, source);
                Dispatch(handler, batch.Datagram(i), source, socket);
            }
        }
        finally
        {
            sendBatch?.End();
        }
    }

    /// <summary>Runs the portable loop (one recvfrom per datagram) until <paramref name="token"/> fires or the socket is disposed.</summary>
    public static void RunSingle(Socket socket, IDatagramHandler handler, CancellationToken token)
    {
        // This loop owns `buffer` (rented here, returned when the loop ends) and `source` (reused for every datagram).
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DatagramLimits.ReceiveBufferLength);
        var source = new SocketAddress(socket.AddressFamily);
        try
        {
            while (!token.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = socket.ReceiveFrom(buffer.AsSpan(0, DatagramLimits.ReceiveBufferLength), SocketFlags.None, source);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset)
                {
                    continue; // ICMP port unreachable from a departed peer
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.MessageSize)
                {
                    handler.OnTruncated();
                    continue;
                }

                handler.OnReceived(1);
                Dispatch(handler, buffer.AsSpan(0, received), source, socket);
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

    private static void Dispatch(IDatagramHandler handler, Span<byte> datagram, SocketAddress source, Socket socket)
    {
        try
        {
            handler.OnDatagram(datagram, source, socket);
        }
        catch (Exception ex)
        {
            // A bug in one packet's handling must not stop the socket for every peer.
            handler.OnFailed(ex);
        }
    }
}
