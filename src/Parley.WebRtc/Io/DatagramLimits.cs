namespace Parley.WebRtc.Io;

/// <summary>Sizes shared by every media socket, server port and client alike.</summary>
internal static class DatagramLimits
{
    /// <summary>Largest datagram we read; WebRTC stays under ~1200 bytes, DTLS flights under the MTU.</summary>
    public const int ReceiveBufferLength = 2048;

    /// <summary>Room for the largest datagram plus the largest SRTCP overhead (16-byte tag + 4-byte index).</summary>
    public const int SendBufferLength = ReceiveBufferLength + 32;
}
