namespace Parley.Sfu;

/// <summary>The RTCP feedback a codec negotiated (a=rtcp-fb, RFC 4585 / RFC 5104 / draft-alvestrand-rmcat-remb / transport-cc).</summary>
[Flags]
public enum RtcpFeedback
{
    None = 0,

    /// <summary>"nack": generic NACK, answered with retransmissions.</summary>
    Nack = 1,

    /// <summary>"nack pli": picture loss indication.</summary>
    NackPli = 2,

    /// <summary>"ccm fir": full intra request.</summary>
    CcmFir = 4,

    /// <summary>"goog-remb": receiver estimated maximum bitrate.</summary>
    GoogRemb = 8,

    /// <summary>"transport-cc": transport-wide congestion control feedback.</summary>
    TransportCc = 16,
}
