using System.Globalization;
using System.Net;
using Parley.Sdp;
using Parley.WebRtc.Client;

namespace Parley.Client.Media.Rooms;

/// <summary>
/// The SDP this client writes for room media (docs/protocol.md §9): the send transport's offer (one
/// <c>sendonly</c> section per published track, stopped sections kept in place) and the answer to the server's
/// recv-transport offer (<c>recvonly</c>, <c>a=setup:active</c>: the server is the DTLS server).
/// </summary>
public static class RoomMediaSdp
{
    public const byte OpusPayloadType = 111;
    public const byte Vp8PayloadType = 96;
    public const string MidExtensionUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const int MidExtensionId = 4;

    /// <summary>One section of the send transport's offer.</summary>
    public sealed record SendSection(string Mid, MediaKind Kind, uint Ssrc, bool Stopped);

    /// <summary>The complete offer of the send transport for <paramref name="sections"/> (m= order kept).</summary>
    public static SessionDescription BuildPublishOffer(WebRtcClientConnection connection, IReadOnlyList<SendSection> sections, IReadOnlyList<IPEndPoint> candidates, ulong sessionId, ulong version)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(candidates);
        var transport = TransportOf(connection, candidates);
        var offerSections = new List<OfferMediaSection>(sections.Count);
        foreach (var section in sections)
        {
            var kind = section.Kind == MediaKind.Audio ? MediaDescription.Audio : MediaDescription.Video;
            var offer = new OfferMediaSection(section.Mid, kind) { Direction = MediaDirection.SendOnly, Stopped = section.Stopped };
            offer.Codecs.Add(section.Kind == MediaKind.Audio ? OfferCodec.Opus(OpusPayloadType) : OfferCodec.Vp8(Vp8PayloadType, rtxPayloadType: null));
            offer.HeaderExtensions.Add(new Extmap(MidExtensionId, MidExtensionUri));
            offer.Stream = new LocalMediaStream("parley", "track-" + section.Mid, section.Ssrc, "parley-" + connection.LocalIce.UsernameFragment);
            offerSections.Add(offer);
        }

        return SdpOfferBuilder.Build(new SdpOfferOptions(transport) { SessionId = sessionId, SessionVersion = version }, offerSections);
    }

    /// <summary>
    /// Answers the server's recv-transport offer: Opus and VP8 accepted, every section <c>recvonly</c> (the
    /// server's <c>sendonly</c> mirrored), <c>a=setup:active</c>, our ICE credentials, fingerprint and candidates.
    /// Throws <see cref="InvalidDataException"/> when the offer cannot be answered.
    /// </summary>
    public static SdpNegotiation AnswerSubscriberOffer(SessionDescription offer, WebRtcClientConnection connection, IReadOnlyList<IPEndPoint> candidates, ulong version)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(connection);
        var options = new SdpAnswerOptions(TransportOf(connection, candidates))
        {
            SetupWhenOfferIsActPass = SetupRole.Active,
            SessionVersion = version,
            AcceptSimulcast = false,
        };
        options.Codecs.Add(CodecCapability.Opus);
        options.Codecs.Add(CodecCapability.Vp8);
        options.HeaderExtensions.Add(MidExtensionUri);
        options.HeaderExtensions.Add("urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        options.RtcpFeedback = new HashSet<string>(StringComparer.Ordinal) { "nack", "nack pli", "ccm fir" };
        if (!SdpAnswerBuilder.TryBuild(offer, options, out var negotiation, out var error))
        {
            throw new InvalidDataException("The server's subscriber offer cannot be answered: " + error);
        }

        return negotiation!;
    }

    /// <summary>UDP IPv4/IPv6 host end points of the peer's candidates, in its order.</summary>
    public static IReadOnlyList<IPEndPoint> RemoteEndPoints(SdpTransportInfo remote, System.Net.Sockets.AddressFamily family)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return remote.Candidates
            .Where(candidate => string.Equals(candidate.Transport, "udp", StringComparison.OrdinalIgnoreCase))
            .Select(candidate => IPAddress.TryParse(candidate.Address, out var address) ? new IPEndPoint(address, candidate.Port) : null)
            .OfType<IPEndPoint>()
            .Where(endPoint => endPoint.AddressFamily == family || family == System.Net.Sockets.AddressFamily.Unspecified)
            .ToList();
    }

    private static LocalTransportParameters TransportOf(WebRtcClientConnection connection, IReadOnlyList<IPEndPoint> candidates)
    {
        var transport = new LocalTransportParameters(connection.LocalIce.UsernameFragment, connection.LocalIce.Password, connection.Certificate.Fingerprint)
        {
            IceLite = false,
        };
        int foundation = 1;
        foreach (var candidate in candidates)
        {
            transport.Candidates.Add(IceCandidate.Host((foundation++).ToString(CultureInfo.InvariantCulture), candidate.Address.ToString(), candidate.Port));
        }

        return transport;
    }
}
