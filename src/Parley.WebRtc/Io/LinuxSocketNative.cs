using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Parley.WebRtc.Io;

/// <summary>
/// The two Linux system calls .NET does not expose: recvmmsg(2) and sendmmsg(2), which move a batch of datagrams
/// per kernel crossing. The socket is passed as its <see cref="SafeSocketHandle"/>, so the marshaller holds a
/// reference on it for the duration of the call: a concurrent <see cref="Socket.Dispose()"/> cannot close (and the
/// kernel cannot reuse) the descriptor under a blocked call; .NET's close instead shuts the socket down, which
/// wakes the call.
/// </summary>
internal static unsafe partial class LinuxSocketNative
{
    /// <summary>MSG_DONTWAIT: this call does not block.</summary>
    public const int MsgDontWait = 0x40;

    /// <summary>MSG_TRUNC (in msg_flags): the datagram was longer than the buffer and was cut.</summary>
    public const int MsgTrunc = 0x20;

    /// <summary>MSG_WAITFORONE: block for the first datagram only, then take what is already queued.</summary>
    public const int MsgWaitForOne = 0x10000;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int ENoBufs = 105;
    public const int EConnRefused = 111;

    /// <summary>sizeof(struct sockaddr_storage): room for any address family's sockaddr.</summary>
    public const int SockaddrStorageLength = 128;

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int ReceiveMessages(SafeSocketHandle socket, MultiMessageHeader* messages, uint count, int flags, nint timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMessages(SafeSocketHandle socket, MultiMessageHeader* messages, uint count, int flags);

    /// <summary>
    /// True when recvmmsg/sendmmsg can be called on <paramref name="socket"/>: Linux, and the libc entry points bind
    /// (a zero-length sendmmsg is a no-op that proves it). Checked once when a loop starts.
    /// </summary>
    public static bool IsSupported(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SendMessages(socket.SafeHandle, null, 0, MsgDontWait) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            return false;
        }
    }
}
