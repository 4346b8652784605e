namespace Parley.Sdp;

/// <summary>The server's side of an answer: transport, codecs, header extensions and per-section policy.</summary>
public sealed class SdpAnswerOptions
{
    public SdpAnswerOptions(LocalTransportParameters transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transport = transport;
    }

    public LocalTransportParameters Transport { get; }

    /// <summary>Accepted codecs; the answer keeps the offer's order and payload type numbers.</summary>
    public IList<CodecCapability> Codecs { get; } = new List<CodecCapability>();

    /// <summary>Accepted RTP header extension URIs; the answer keeps the offer's ids.</summary>
    public ISet<string> HeaderExtensions { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Accepted feedback as "type" or "type parameter" ("nack", "nack pli", "ccm fir", "transport-cc", "goog-remb").
    /// Null keeps every offered rtcp-fb line of an accepted codec.
    /// </summary>
    public ISet<string>? RtcpFeedback { get; set; }

    /// <summary>What to do with each accepted audio/video section. Default: <see cref="AnswerDirectionPolicies.Mirror"/>.</summary>
    public AnswerDirectionPolicy DirectionPolicy { get; set; } = AnswerDirectionPolicies.Mirror;

    /// <summary>
    /// The track the server sends in a section it answers with send (msid + SSRCs), or null to send without
    /// signalling SSRCs (the receiver then binds them by mid/rid header extension).
    /// </summary>
    public Func<MediaDescription, LocalMediaStream?>? SendStream { get; set; }

    /// <summary>Our DTLS role when the offer says actpass. Default passive: the browser dials the ICE-lite server.</summary>
    public SetupRole SetupWhenOfferIsActPass { get; set; } = SetupRole.Passive;

    /// <summary>Echo offered simulcast (<c>a=rid … send</c>) as <c>a=rid … recv</c> + <c>a=simulcast:recv</c>. Default true.</summary>
    public bool AcceptSimulcast { get; set; } = true;

    /// <summary>Accept the data channel m= section (otherwise it is rejected with port 0).</summary>
    public bool AcceptDataChannel { get; set; }

    public int SctpPort { get; set; } = 5000;

    public ulong MaxMessageSize { get; set; } = 262144;

    /// <summary>Accept extmap ids 15–255 and echo <c>a=extmap-allow-mixed</c> (needs two-byte header support, RFC 8285 §4.3).</summary>
    public bool TwoByteHeaderExtensions { get; set; }

    /// <summary>o= session id; random by default (RFC 8829 §5.2.1 wants it unguessable-ish and below 2^63).</summary>
    public ulong SessionId { get; set; } = (ulong)Random.Shared.NextInt64(1, long.MaxValue);

    /// <summary>o= session version; increase it on every new description for the same session.</summary>
    public ulong SessionVersion { get; set; } = 1;
}
