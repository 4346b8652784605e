using System.Net;

namespace Parley.WebRtc.Io;

/// <summary>
/// The datagrams of one receive batch as the server's batch handler reads them: <see cref="BatchedReceiver"/> for
/// the kernel's, or prepared packets in the transport benchmark (the same handler path without the syscall).
/// </summary>
internal interface IDatagramBatch
{
    /// <summary>Datagram <paramref name="index"/>'s bytes; the handler may decrypt them in place.</summary>
    Span<byte> Datagram(int index);

    /// <summary>True when datagram <paramref name="index"/> was cut to the buffer's length.</summary>
    bool IsTruncated(int index);

    /// <summary>Copies datagram <paramref name="index"/>'s source address into <paramref name="destination"/>.</summary>
    void CopySource(int index, SocketAddress destination);
}
