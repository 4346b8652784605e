using System.Net;
using System.Net.Sockets;

namespace Parley.WebRtc.Io;

/// <summary>The one send path of the media layer: into the calling thread's send batch when one is open on the socket, else straight out.</summary>
internal static class DatagramSend
{
    /// <summary>
    /// Encrypted bytes out to a peer; the span is copied, so the caller keeps its buffer. On a receive loop's thread
    /// while it handles a batch, the datagram joins that loop's <see cref="SendBatch"/> and true means "queued": it
    /// leaves with the batch's sendmmsg, and if the kernel refuses it then, it is charged to <paramref name="owner"/>
    /// (and to <see cref="SendBatch.Dropped"/>). Elsewhere it is sent now and true means sent.
    /// </summary>
    public static bool SendTo(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress remote, ISendFailureCounter? owner = null)
    {
        if (SendBatch.Current is { } batch && ReferenceEquals(batch.Socket, socket) && batch.TryAdd(datagram, remote, owner))
        {
            return true;
        }

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
}
