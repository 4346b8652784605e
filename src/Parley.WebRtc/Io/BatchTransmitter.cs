namespace Parley.WebRtc.Io;

/// <summary>
/// Hands messages <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of a
/// <see cref="SendBatch"/> to the kernel; returns how many went out, or −1 with <paramref name="errno"/> set, as
/// sendmmsg(2) does. The default is <see cref="SendBatch.TransmitNative"/>; tests substitute partial results and
/// errors the kernel cannot be made to produce on demand.
/// </summary>
internal delegate int BatchTransmitter(int start, int count, out int errno);
