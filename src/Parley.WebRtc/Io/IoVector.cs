using System.Runtime.InteropServices;

namespace Parley.WebRtc.Io;

/// <summary>
/// <c>struct iovec</c> (readv(2)): one buffer of a message. Pointer-sized fields, so the layout is right on 32- and
/// 64-bit Linux alike.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public byte* Base;
    public nuint Length;
}
