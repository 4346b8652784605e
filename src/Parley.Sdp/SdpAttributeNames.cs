namespace Parley.Sdp;

/// <summary>The attribute names this library gives a typed view of.</summary>
public static class SdpAttributeNames
{
    public const string IceUfrag = "ice-ufrag";          // RFC 8839 §5.4
    public const string IcePwd = "ice-pwd";              // RFC 8839 §5.4
    public const string IceOptions = "ice-options";      // RFC 8839 §5.6
    public const string IceLite = "ice-lite";            // RFC 8839 §5.3
    public const string Candidate = "candidate";         // RFC 8839 §5.1
    public const string EndOfCandidates = "end-of-candidates"; // RFC 8840 §8.2
    public const string Fingerprint = "fingerprint";     // RFC 8122 §5
    public const string Setup = "setup";                 // RFC 4145 §4
    public const string Mid = "mid";                     // RFC 5888 §4
    public const string Group = "group";                 // RFC 5888 §5
    public const string BundleOnly = "bundle-only";      // RFC 8843 §6
    public const string RtcpMux = "rtcp-mux";            // RFC 5761 §5.1.1
    public const string RtcpMuxOnly = "rtcp-mux-only";   // RFC 8858
    public const string RtcpRsize = "rtcp-rsize";        // RFC 5506 §5
    public const string SendRecv = "sendrecv";           // RFC 8866 §6.7
    public const string SendOnly = "sendonly";
    public const string RecvOnly = "recvonly";
    public const string Inactive = "inactive";
    public const string Msid = "msid";                   // RFC 8830 §2
    public const string MsidSemantic = "msid-semantic";  // pre-RFC 8830 draft, still sent by Chromium
    public const string RtpMap = "rtpmap";               // RFC 8866 §6.6
    public const string Fmtp = "fmtp";                   // RFC 8866 §6.15
    public const string RtcpFb = "rtcp-fb";              // RFC 4585 §4.2
    public const string Extmap = "extmap";               // RFC 8285 §8
    public const string ExtmapAllowMixed = "extmap-allow-mixed"; // RFC 8285 §6
    public const string Rid = "rid";                     // RFC 8851 §4
    public const string Simulcast = "simulcast";         // RFC 8853 §5.1
    public const string Ssrc = "ssrc";                   // RFC 5576 §4.1
    public const string SsrcGroup = "ssrc-group";        // RFC 5576 §4.2
    public const string SctpPort = "sctp-port";          // RFC 8841 §5
    public const string MaxMessageSize = "max-message-size"; // RFC 8841 §6
    public const string Rtcp = "rtcp";                   // RFC 3605
}
