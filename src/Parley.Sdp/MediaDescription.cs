using Parley.Dtls;
using System.Text;

namespace Parley.Sdp;

/// <summary>
/// One m= section: <c>m=&lt;media&gt; &lt;port&gt;[/&lt;count&gt;] &lt;proto&gt; &lt;fmt&gt; …</c> followed by its
/// i=/c=/b=/k= lines and attributes. The typed properties below are views over <see cref="Attributes"/>;
/// attributes that fail to parse are skipped by those views (the parser already rejected such descriptions).
/// </summary>
public sealed class MediaDescription
{
    public const string Audio = "audio";
    public const string Video = "video";
    public const string Application = "application";

    /// <summary>The RTP profile WebRTC uses for audio/video (RFC 8829 §5.1.2).</summary>
    public const string RtpProtocol = "UDP/TLS/RTP/SAVPF";

    /// <summary>The data channel profile (RFC 8841 §4).</summary>
    public const string SctpProtocol = "UDP/DTLS/SCTP";

    /// <summary>The single format of a data channel m= section.</summary>
    public const string DataChannelFormat = "webrtc-datachannel";

    private int _port;

    public MediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        if (!SdpText.IsToken(media))
        {
            throw new ArgumentException($"'{media}' is not a valid media type.", nameof(media));
        }

        if (!SdpText.IsField(protocol))
        {
            throw new ArgumentException($"'{protocol}' is not a valid transport protocol.", nameof(protocol));
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "Port must be 0..65535.");
        }

        Media = media;
        _port = port;
        Protocol = protocol;
        Formats = formats.ToList();
    }

    /// <summary>"audio", "video", "application", ….</summary>
    public string Media { get; }

    /// <summary>0 rejects the section, unless it is <c>a=bundle-only</c> (RFC 8843 §6).</summary>
    public int Port
    {
        get => _port;
        set => _port = value is >= 0 and <= 65535 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Port must be 0..65535.");
    }

    /// <summary>The optional "/count" after the port (never used by WebRTC).</summary>
    public int? PortCount { get; set; }

    public string Protocol { get; }

    /// <summary>Payload type numbers for RTP ("111"), or format names ("webrtc-datachannel").</summary>
    public IList<string> Formats { get; }

    /// <summary>The i= line.</summary>
    public string? Information { get; set; }

    /// <summary>The c= lines (WebRTC uses at most one).</summary>
    public IList<SdpConnection> Connections { get; } = new List<SdpConnection>();

    public IList<SdpBandwidth> Bandwidths { get; } = new List<SdpBandwidth>();

    /// <summary>The obsolete k= line, kept verbatim.</summary>
    public string? EncryptionKey { get; set; }

    public SdpAttributeList Attributes { get; } = new();

    public bool IsAudio => Media == Audio;

    public bool IsVideo => Media == Video;

    public bool IsApplication => Media == Application;

    /// <summary>True for RTP profiles (RTP/AVP, UDP/TLS/RTP/SAVPF, …); false for SCTP data channels.</summary>
    public bool IsRtp => Protocol.Contains("RTP", StringComparison.OrdinalIgnoreCase);

    public bool IsBundleOnly => Attributes.Contains(SdpAttributeNames.BundleOnly);

    /// <summary>Port 0 without <c>a=bundle-only</c>: the section is rejected or stopped (RFC 3264 §6, RFC 8843 §6).</summary>
    public bool IsRejected => Port == 0 && !IsBundleOnly;

    public SdpConnection? Connection => Connections.Count > 0 ? Connections[0] : null;

    public string? Mid => Attributes.GetValue(SdpAttributeNames.Mid);

    /// <summary>The direction attribute, or null when absent (then the session-level one or sendrecv applies).</summary>
    public MediaDirection? Direction
    {
        get
        {
            foreach (var attribute in Attributes)
            {
                if (attribute.Value is null && MediaDirections.TryParse(attribute.Name, out var direction))
                {
                    return direction;
                }
            }

            return null;
        }
    }

    public string? IceUfrag => Attributes.GetValue(SdpAttributeNames.IceUfrag);

    public string? IcePwd => Attributes.GetValue(SdpAttributeNames.IcePwd);

    public IEnumerable<DtlsFingerprint> Fingerprints => Typed<DtlsFingerprint>(SdpAttributeNames.Fingerprint, DtlsFingerprint.TryParse);

    public SetupRole? Setup => SetupRoles.TryParse(Attributes.GetValue(SdpAttributeNames.Setup), out var role) ? role : null;

    public IEnumerable<IceCandidate> Candidates => Typed<IceCandidate>(SdpAttributeNames.Candidate, IceCandidate.TryParse);

    public bool HasEndOfCandidates => Attributes.Contains(SdpAttributeNames.EndOfCandidates);

    public bool IsRtcpMux => Attributes.Contains(SdpAttributeNames.RtcpMux);

    public bool IsRtcpRsize => Attributes.Contains(SdpAttributeNames.RtcpRsize);

    public IEnumerable<Msid> Msids => Typed<Msid>(SdpAttributeNames.Msid, Msid.TryParse);

    public IEnumerable<RtpMap> RtpMaps => Typed<RtpMap>(SdpAttributeNames.RtpMap, RtpMap.TryParse);

    public IEnumerable<Fmtp> Fmtps => Typed<Fmtp>(SdpAttributeNames.Fmtp, Fmtp.TryParse);

    public IEnumerable<RtcpFeedback> RtcpFeedbacks => Typed<RtcpFeedback>(SdpAttributeNames.RtcpFb, RtcpFeedback.TryParse);

    public IEnumerable<Extmap> Extmaps => Typed<Extmap>(SdpAttributeNames.Extmap, Extmap.TryParse);

    public IEnumerable<Rid> Rids => Typed<Rid>(SdpAttributeNames.Rid, Rid.TryParse);

    public Simulcast? Simulcast => Typed<Simulcast>(SdpAttributeNames.Simulcast, Simulcast.TryParse).FirstOrDefault();

    public IEnumerable<SsrcAttribute> SsrcAttributes => Typed<SsrcAttribute>(SdpAttributeNames.Ssrc, SsrcAttribute.TryParse);

    public IEnumerable<SsrcGroup> SsrcGroups => Typed<SsrcGroup>(SdpAttributeNames.SsrcGroup, SsrcGroup.TryParse);

    /// <summary>The distinct SSRCs named by <c>a=ssrc</c> lines, in first-seen order.</summary>
    public IEnumerable<uint> Ssrcs => SsrcAttributes.Select(a => a.Ssrc).Distinct();

    /// <summary>The formats that are valid RTP payload type numbers, in preference order.</summary>
    public IEnumerable<int> PayloadTypes
    {
        get
        {
            foreach (var format in Formats)
            {
                if (SdpText.TryParsePayloadType(format, out var payloadType))
                {
                    yield return payloadType;
                }
            }
        }
    }

    public int? SctpPort =>
        SdpText.TryParsePort(Attributes.GetValue(SdpAttributeNames.SctpPort), out var port) ? port : null;

    public ulong? MaxMessageSize =>
        SdpText.TryParseULong(Attributes.GetValue(SdpAttributeNames.MaxMessageSize), out var size) ? size : null;

    public RtpMap? GetRtpMap(int payloadType) => RtpMaps.FirstOrDefault(map => map.PayloadType == payloadType);

    public Fmtp? GetFmtp(int payloadType) => Fmtps.FirstOrDefault(fmtp => fmtp.PayloadType == payloadType);

    /// <summary>Feedback for <paramref name="payloadType"/>, including "*" lines.</summary>
    public IEnumerable<RtcpFeedback> GetRtcpFeedbacks(int payloadType) => RtcpFeedbacks.Where(fb => fb.AppliesTo(payloadType));

    /// <summary>Replaces the direction attribute in place (or appends one).</summary>
    public void SetDirection(MediaDirection direction)
    {
        for (var i = 0; i < Attributes.Count; i++)
        {
            if (Attributes[i].Value is null && MediaDirections.TryParse(Attributes[i].Name, out _))
            {
                Attributes[i] = new SdpAttribute(direction.ToSdp());
                return;
            }
        }

        Attributes.Add(direction.ToSdp());
    }

    /// <summary>The lines of this section, each ending in CRLF.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    internal void AppendTo(StringBuilder builder)
    {
        builder.Append("m=").Append(Media).Append(' ').Append(SdpText.Format(Port));
        if (PortCount is { } count)
        {
            builder.Append('/').Append(SdpText.Format(count));
        }

        builder.Append(' ').Append(Protocol);
        foreach (var format in Formats)
        {
            builder.Append(' ').Append(format);
        }

        builder.Append("\r\n");
        SdpWriter.AppendLine(builder, 'i', Information);
        foreach (var connection in Connections)
        {
            SdpWriter.AppendLine(builder, 'c', connection.ToString());
        }

        foreach (var bandwidth in Bandwidths)
        {
            SdpWriter.AppendLine(builder, 'b', bandwidth.ToString());
        }

        SdpWriter.AppendLine(builder, 'k', EncryptionKey);
        SdpWriter.AppendAttributes(builder, Attributes);
    }

    private IEnumerable<T> Typed<T>(string name, SdpValueParser<T> parse)
        where T : class
    {
        foreach (var value in Attributes.GetValues(name))
        {
            if (parse(value, out var parsed) && parsed is not null)
            {
                yield return parsed;
            }
        }
    }
}
