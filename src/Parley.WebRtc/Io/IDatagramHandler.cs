using System.Net;
using System.Net.Sockets;

namespace Parley.WebRtc.Io;

/// <summary>What a <see cref="DatagramReceiveLoop"/> hands each datagram to: the server's port or a client connection.</summary>
internal interface IDatagramHandler
{
    /// <summary>
    /// One datagram. <paramref name="datagram"/> is the loop's buffer (valid only during the call; it may be
    /// decrypted in place) and <paramref name="source"/> is reused for the next datagram (clone it to keep it).
    /// </summary>
    void OnDatagram(Span<byte> datagram, SocketAddress source, Socket socket);

    /// <summary><paramref name="count"/> datagrams were read by one system call.</summary>
    void OnReceived(int count);

    /// <summary>A datagram longer than the buffer was cut by the kernel and dropped.</summary>
    void OnTruncated();

    /// <summary>Handling a datagram threw; the loop carries on with the next one.</summary>
    void OnFailed(Exception exception);
}
