using Parley.Srtp;
using Parley.WebRtc.Io;

namespace Parley.WebRtc.Transport;

/// <summary>
/// Protect-and-send, the one outgoing media path of the server transport and the client connection: copy the
/// plaintext into a buffer this path owns, encrypt it in place, hand it to the peer's <see cref="PeerPath"/> (UDP:
/// <see cref="DatagramSend"/>; ICE-TCP: the connection's framed send), count.
/// Safe from any thread; allocates nothing.
/// </summary>
internal sealed class SrtpSendPath(TransportCounters counters)
{
    // Owned by this path and used only under _lock: the plaintext is copied here and encrypted in place; the socket
    // layer (or the loop's send batch) copies the ciphertext out before the lock is released.
    private readonly byte[] _buffer = new byte[DatagramLimits.SendBufferLength];

    /// <summary>Serializes senders; the client's send-batch scope holds it across a frame's packets.</summary>
    public Lock SyncRoot { get; } = new();

    /// <summary>Encrypts and sends one RTP packet over <paramref name="path"/>; false (counted as SendFailed) when not connected or it failed.</summary>
    public bool SendRtp(SrtpSession? srtp, PeerPath? path, ReadOnlySpan<byte> rtpPacket)
    {
        if (srtp is null || path is null || rtpPacket.Length + srtp.Outbound.RtpOverhead > _buffer.Length)
        {
            counters.Drop(DropReason.SendFailed);
            return false;
        }

        lock (SyncRoot)
        {
            rtpPacket.CopyTo(_buffer);
            if (!TryProtect(srtp, rtpPacket.Length, isRtcp: false, out int length) || !path.Send(_buffer.AsSpan(0, length), counters))
            {
                counters.Drop(DropReason.SendFailed);
                return false;
            }
        }

        counters.RtpOut(rtpPacket.Length);
        return true;
    }

    /// <summary>Encrypts and sends one RTCP compound packet; same rules as <see cref="SendRtp"/>.</summary>
    public bool SendRtcp(SrtpSession? srtp, PeerPath? path, ReadOnlySpan<byte> rtcpPacket)
    {
        if (srtp is null || path is null || rtcpPacket.Length + srtp.Outbound.RtcpOverhead > _buffer.Length)
        {
            counters.Drop(DropReason.SendFailed);
            return false;
        }

        lock (SyncRoot)
        {
            rtcpPacket.CopyTo(_buffer);
            if (!TryProtect(srtp, rtcpPacket.Length, isRtcp: true, out int length) || !path.Send(_buffer.AsSpan(0, length), counters))
            {
                counters.Drop(DropReason.SendFailed);
                return false;
            }
        }

        counters.RtcpOut();
        return true;
    }

    /// <summary>
    /// Decrypts an incoming SRTP/SRTCP datagram in place (the receive loop's buffer); on failure counts why and
    /// returns false. The receive half of the same path: both sides drop and count identically.
    /// </summary>
    public static bool TryUnprotect(SrtpSession? srtp, Span<byte> datagram, bool isRtcp, TransportCounters counters, out int length)
    {
        length = 0;
        if (srtp is null)
        {
            counters.Drop(DropReason.NotConnected);
            return false;
        }

        // SrtpSession is thread-safe, so concurrent receive loops may unprotect without a lock of ours.
        try
        {
            bool ok = isRtcp ? srtp.TryUnprotectRtcp(datagram, out length) : srtp.TryUnprotectRtp(datagram, out length);
            if (!ok)
            {
                counters.Drop(DropReason.SrtpUnprotectFailed);
                return false;
            }
        }
        catch (ObjectDisposedException)
        {
            // The owner closed and disposed the keys between our read of the session and the unprotect: a late packet.
            counters.Drop(DropReason.TransportClosed);
            return false;
        }

        return true;
    }

    private bool TryProtect(SrtpSession srtp, int plainLength, bool isRtcp, out int length)
    {
        try
        {
            return isRtcp ? srtp.TryProtectRtcp(_buffer, plainLength, out length) : srtp.TryProtectRtp(_buffer, plainLength, out length);
        }
        catch (ObjectDisposedException)
        {
            length = 0; // closed (keys disposed) while we were sending
            return false;
        }
    }
}
