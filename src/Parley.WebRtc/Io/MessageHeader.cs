using System.Runtime.InteropServices;

namespace Parley.WebRtc.Io;

/// <summary>
/// <c>struct msghdr</c> (recvmsg(2)) as glibc lays it out: sequential layout inserts the same padding after
/// <c>msg_namelen</c> and at the end as the C compiler does on 32- and 64-bit Linux. (musl's 64-bit msghdr pads
/// <c>msg_iovlen</c>/<c>msg_controllen</c> to 8 bytes with an int plus a pad, which on little-endian reads the same.)
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MessageHeader
{
    /// <summary><c>msg_name</c>: the peer's sockaddr (source on receive, destination on send).</summary>
    public byte* Name;

    /// <summary><c>msg_namelen</c>: capacity in, actual length out on receive; the address length on send.</summary>
    public uint NameLength;

    public IoVector* Vectors;
    public nuint VectorCount;
    public void* Control;
    public nuint ControlLength;

    /// <summary><c>msg_flags</c>: set by the kernel on receive (e.g. <see cref="LinuxSocketNative.MsgTrunc"/>).</summary>
    public int Flags;
}
