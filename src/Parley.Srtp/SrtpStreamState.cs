namespace Parley.Srtp;

/// <summary>Crypto state of one SSRC in one direction: the SRTP index window and the SRTCP index window/counter.</summary>
internal sealed class SrtpStreamState
{
    /// <summary>RTP packet indices (ROC * 65536 + SEQ); for a sender, only <c>Highest</c> is used.</summary>
    public SrtpReplayWindow Rtp;

    /// <summary>SRTCP indices received (31 bits, RFC 3711 §3.4).</summary>
    public SrtpReplayWindow Rtcp;

    /// <summary>The next SRTCP index to send; starts at zero (RFC 3711 §3.4).</summary>
    public uint NextRtcpIndex;
}
