using System.Runtime.InteropServices;

namespace Parley.WebRtc.Io;

/// <summary><c>struct mmsghdr</c> (recvmmsg(2), sendmmsg(2)): one message of a batch and its byte count.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MultiMessageHeader
{
    public MessageHeader Header;

    /// <summary><c>msg_len</c>: bytes received into, or sent from, this message.</summary>
    public uint Length;
}
