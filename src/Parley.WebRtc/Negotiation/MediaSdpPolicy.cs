using System.Globalization;
using System.Net.Sockets;
using Parley.Sdp;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Negotiation;

/// <summary>
/// What Parley's media layer negotiates, for the echo test and the SFU alike: the codecs (Opus with in-band FEC,
/// VP8, VP9 profile 0, H.264 constrained baseline packetization-mode 1, RTX for every video codec), the RTCP
/// feedback (nack, nack pli, ccm fir, goog-remb, transport-cc) and the header extensions (mid, rid, repaired-rid,
/// audio level, abs-send-time, transport-wide-cc, video orientation). Answers keep the offerer's payload types and
/// extension ids; offers the server makes use the fixed numbers below.
/// </summary>
public sealed class MediaSdpPolicy
{
    /// <summary>Payload types and extension ids of offers the server writes (a browser's answer must keep them).</summary>
    public const int OpusPayloadType = 111;
    public const int Vp8PayloadType = 96;
    public const int Vp8RtxPayloadType = 97;
    public const int Vp9PayloadType = 98;
    public const int Vp9RtxPayloadType = 99;
    public const int H264PayloadType = 102;
    public const int H264RtxPayloadType = 103;

    private static readonly string[] VideoFeedback = ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"];

    // Offer ids, one per extension (RFC 8285 one-byte ids 1-14).
    private static readonly (string Uri, int Id, bool Audio, bool Video)[] OfferExtensions =
    [
        (RtpHeaderExtensionUris.Mid, 1, true, true),
        (RtpHeaderExtensionUris.AudioLevel, 4, true, false),
        (RtpHeaderExtensionUris.AbsSendTime, 5, true, true),
        (RtpHeaderExtensionUris.TransportWideCc, 6, true, true),
        (RtpHeaderExtensionUris.VideoOrientation, 7, false, true),
    ];

    private MediaSdpPolicy()
    {
    }

    /// <summary>The policy the server uses.</summary>
    public static MediaSdpPolicy Default { get; } = new();

    /// <summary>Accepted codecs, in the server's order (answers keep the offerer's order).</summary>
    public IReadOnlyList<CodecCapability> Codecs { get; } =
    [
        CodecCapability.OpusWithFec,
        CodecCapability.Vp8,
        CodecCapability.Vp9Profile0,
        CodecCapability.H264ConstrainedBaseline,
        CodecCapability.VideoRtx,
    ];

    /// <summary>Accepted RTCP feedback, "type" or "type parameter".</summary>
    public IReadOnlySet<string> RtcpFeedback { get; } = new HashSet<string>(StringComparer.Ordinal) { "nack", "nack pli", "ccm fir", "goog-remb", "transport-cc" };

    /// <summary>Accepted header extension URIs.</summary>
    public IReadOnlyList<string> HeaderExtensions { get; } =
    [
        RtpHeaderExtensionUris.Mid,
        RtpHeaderExtensionUris.Rid,
        RtpHeaderExtensionUris.RepairedRid,
        RtpHeaderExtensionUris.AudioLevel,
        RtpHeaderExtensionUris.AbsSendTime,
        RtpHeaderExtensionUris.TransportWideCc,
        RtpHeaderExtensionUris.VideoOrientation,
    ];

    /// <summary>
    /// The transport's ICE credentials, DTLS fingerprint and host candidates for a description. A link-local IPv6
    /// address would need its zone ("fe80::1%2"), which a candidate cannot carry (RFC 8839 §5.1) and which means
    /// nothing to the remote peer, so such addresses are left out; earlier addresses get higher priority. With ICE-TCP
    /// (<see cref="WebRtcTransport.CandidateTransports"/>) each address also gets a passive TCP candidate on the same
    /// port number, after the UDP ones and with lower priority (<see cref="TcpPassiveHostPriority"/>), so a peer that
    /// can reach UDP prefers it.
    /// </summary>
    public static LocalTransportParameters TransportParameters(WebRtcTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var ice = transport.LocalIce;
        var local = new LocalTransportParameters(ice.UsernameFragment, ice.Password, transport.LocalFingerprint);
        var addresses = transport.LocalAddresses
            .Where(address => address.AddressFamily is AddressFamily.InterNetwork
                || (address.AddressFamily is AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal))
            .ToList();
        var transports = transport.CandidateTransports;
        int foundation = 1;
        if (transports.HasFlag(LocalCandidateTransports.Udp))
        {
            for (int index = 0; index < addresses.Count; index++)
            {
                // Local preference counts down from 65535.
                uint priority = IceCandidate.ComputePriority(IceCandidate.HostTypePreference, 65535 - index);
                local.Candidates.Add(IceCandidate.Host(Foundation(foundation++), addresses[index].ToString(), transport.LocalPort, priority));
            }
        }

        if (transports.HasFlag(LocalCandidateTransports.Tcp))
        {
            for (int index = 0; index < addresses.Count; index++)
            {
                local.Candidates.Add(IceCandidate.Host(Foundation(foundation++), addresses[index].ToString(), transport.LocalPort, TcpPassiveHostPriority(index), "tcp")
                    with { Extensions = new ValueList<KeyValuePair<string, string>>([new("tcptype", "passive")]) });
            }
        }

        return local;
    }

    /// <summary>Type preference of our TCP host candidates: below UDP host (126), as RFC 6544 §4.2 recommends when both exist.</summary>
    public const int TcpHostTypePreference = 90;

    /// <summary>
    /// RFC 6544 §4.2: local preference = 2^13 · direction-pref + other-pref, with direction-pref 4 for a passive host
    /// candidate and other-pref counting down from 8191 per address; the type preference is
    /// <see cref="TcpHostTypePreference"/>. Every TCP candidate therefore ranks below every UDP one.
    /// </summary>
    public static uint TcpPassiveHostPriority(int addressIndex)
    {
        const int PassiveDirectionPreference = 4;
        int otherPreference = Math.Max(0, 8191 - addressIndex);
        return IceCandidate.ComputePriority(TcpHostTypePreference, (PassiveDirectionPreference << 13) + otherPreference);
    }

    private static string Foundation(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Answer options for <paramref name="transport"/> under this policy; <paramref name="directionPolicy"/> decides each section's direction (default: mirror the offer).</summary>
    public SdpAnswerOptions CreateAnswerOptions(WebRtcTransport transport, AnswerDirectionPolicy? directionPolicy = null)
    {
        var options = new SdpAnswerOptions(TransportParameters(transport))
        {
            DirectionPolicy = directionPolicy ?? AnswerDirectionPolicies.Mirror,
            RtcpFeedback = new HashSet<string>(RtcpFeedback, StringComparer.Ordinal),
        };
        foreach (var codec in Codecs)
        {
            options.Codecs.Add(codec);
        }

        foreach (var uri in HeaderExtensions)
        {
            options.HeaderExtensions.Add(uri);
        }

        return options;
    }

    /// <summary>
    /// Answers a peer's offer for <paramref name="transport"/>. False with a reason when nothing in the offer can be
    /// accepted (the caller closes the transport and reports the error); never throws on the offer's content.
    /// </summary>
    public bool TryAnswer(
        SessionDescription offer,
        WebRtcTransport transport,
        AnswerDirectionPolicy? directionPolicy,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MediaNegotiation? negotiation,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        negotiation = null;
        if (!SdpAnswerBuilder.TryBuild(offer, CreateAnswerOptions(transport, directionPolicy), out var sdp, out error))
        {
            error ??= "the offer cannot be answered";
            return false;
        }

        negotiation = new MediaNegotiation(sdp!);
        return true;
    }

    /// <summary>
    /// A section of an offer the server makes (the SFU's server-offered transports): this policy's codecs for
    /// <paramref name="kind"/> with the fixed payload types above, feedback, and header extensions with fixed ids.
    /// </summary>
    public static OfferMediaSection CreateOfferSection(string mid, string kind, MediaDirection direction)
    {
        var section = new OfferMediaSection(mid, kind) { Direction = direction };
        bool audio = kind == MediaDescription.Audio;
        if (audio)
        {
            section.Codecs.Add(OfferCodec.Opus(OpusPayloadType));
        }
        else
        {
            section.Codecs.Add(OfferCodec.Vp8(Vp8PayloadType, Vp8RtxPayloadType));
            section.Codecs.Add(new OfferCodec(Vp9PayloadType, "VP9", 90000)
            {
                Parameters = new([new("profile-id", "0")]),
                Feedback = new(VideoFeedback),
                RtxPayloadType = Vp9RtxPayloadType,
            });
            section.Codecs.Add(OfferCodec.H264(H264PayloadType, H264RtxPayloadType));
        }

        foreach (var (uri, id, forAudio, forVideo) in OfferExtensions)
        {
            if (audio ? forAudio : forVideo)
            {
                section.HeaderExtensions.Add(new Extmap(id, uri));
            }
        }

        return section;
    }
}
