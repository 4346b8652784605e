using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Parley.WebRtc.Io;

/// <summary>
/// Receives up to <see cref="Capacity"/> datagrams per system call with recvmmsg(2) and <c>MSG_WAITFORONE</c>: the
/// call blocks until one datagram is queued, then takes every datagram already waiting without blocking again. At
/// low rates that is one datagram per call (as cheap as recvfrom); under load the batch fills and the per-datagram
/// kernel crossing, wake-up and socket lock are shared by the whole batch. One instance per receive loop; not
/// thread-safe.
/// </summary>
internal sealed unsafe class BatchedReceiver : IDatagramBatch
{
    private readonly Socket _socket;

    // Owned by this receiver (so by the one loop thread that calls Receive); each header is bound to its slot's
    // iovec and sockaddr once. A datagram's bytes stay valid until the next Receive call; the loop hands spans of
    // the slots to handlers that may decrypt in place.
    private readonly MessageSlots _slots;

    public BatchedReceiver(Socket socket, int capacity, int slotLength)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _slots = new MessageSlots(capacity, slotLength);
        for (int i = 0; i < capacity; i++)
        {
            ref var header = ref _slots.Header(i).Header;
            header.Name = _slots.NameAddress(i);
            header.Vectors = _slots.VectorAddress(i);
            header.VectorCount = 1;
        }
    }

    /// <summary>Most datagrams one <see cref="Receive"/> returns.</summary>
    public int Capacity => _slots.Capacity;

    /// <summary>
    /// Blocks until at least one datagram is queued and returns how many were taken (1…<see cref="Capacity"/>), or 0
    /// when the call was interrupted or the socket is non-blocking and empty (the caller re-checks its cancellation
    /// and calls again). After a shutdown the kernel reports zero-length datagrams; callers stop on their token first.
    /// Throws <see cref="ObjectDisposedException"/> once the socket is closed.
    /// </summary>
    public int Receive()
    {
        for (int i = 0; i < Capacity; i++)
        {
            // The kernel overwrites msg_namelen with the actual length; it is the buffer's capacity going in.
            _slots.Header(i).Header.NameLength = LinuxSocketNative.SockaddrStorageLength;
        }

        int count = LinuxSocketNative.ReceiveMessages(_socket.SafeHandle, _slots.HeaderAddress(0), (uint)Capacity, LinuxSocketNative.MsgWaitForOne, 0);
        if (count >= 0)
        {
            return count;
        }

        int errno = Marshal.GetLastPInvokeError();
        switch (errno)
        {
            case LinuxSocketNative.EAgain:
                // The descriptor is non-blocking (something used the socket asynchronously): wait for readability
                // here instead, with a timeout so a stopping loop still gets to look at its token.
                _socket.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead);
                return 0;
            case LinuxSocketNative.EIntr:
            case LinuxSocketNative.ENoBufs:
            case LinuxSocketNative.EConnRefused:
                return 0; // a signal, memory pressure, or an ICMP error queued by an earlier send: nothing to hand out
            default:
                throw new SocketException((int)SocketError.SocketError, $"recvmmsg failed with errno {errno}.");
        }
    }

    /// <summary>The bytes of datagram <paramref name="index"/> of the last batch; valid until the next <see cref="Receive"/>.</summary>
    public Span<byte> Datagram(int index) =>
        _slots.Slot(index)[..(int)Math.Min(_slots.Header(index).Length, (uint)_slots.SlotLength)];

    /// <summary>True when datagram <paramref name="index"/> was longer than a slot and the kernel cut it.</summary>
    public bool IsTruncated(int index) => (_slots.Header(index).Header.Flags & LinuxSocketNative.MsgTrunc) != 0;

    /// <summary>
    /// Copies datagram <paramref name="index"/>'s source sockaddr into <paramref name="destination"/> (reused by the
    /// caller for every datagram, so no allocation) and sets its size. The kernel writes the same native layout
    /// .NET keeps in <see cref="SocketAddress.Buffer"/>, so the result equals what ReceiveFrom would have produced.
    /// </summary>
    public void CopySource(int index, SocketAddress destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = destination.Buffer.Span;
        int length = (int)Math.Min(_slots.Header(index).Header.NameLength, (uint)buffer.Length);
        _slots.Name(index)[..length].CopyTo(buffer);
        destination.Size = length;
    }
}
