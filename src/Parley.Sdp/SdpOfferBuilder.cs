namespace Parley.Sdp;

/// <summary>
/// Builds offers from the server to a client (an SFU sending media to a subscriber, RFC 8829 §5.2.1) and reads the
/// client's answer back into an <see cref="SdpNegotiation"/>.
/// </summary>
// https://www.rfc-editor.org/rfc/rfc8829#section-5.2.1
public static class SdpOfferBuilder
{
    /// <summary>
    /// Writes the offer: ice-lite, BUNDLE over the non-stopped sections, and per section our ICE credentials,
    /// fingerprint, <c>a=setup:actpass</c>, mid, extmaps, direction, msid, rtcp-mux, codecs with feedback and RTX,
    /// SSRC lines and candidates. Throws <see cref="ArgumentException"/> on inconsistent sections (duplicate mids or
    /// payload types, no codecs, extmap ids out of range).
    /// </summary>
    public static SessionDescription Build(SdpOfferOptions options, IEnumerable<OfferMediaSection> sections)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sections);
        var sectionList = sections.ToList();
        Validate(sectionList);

        var offer = new SessionDescription(SdpOrigin.Create(options.SessionId, options.SessionVersion));
        offer.Timings.Add(new SdpTiming());
        if (options.Transport.IceLite)
        {
            offer.Attributes.Add(SdpAttributeNames.IceLite);
        }

        var bundleMids = sectionList.Where(s => !s.Stopped).Select(s => s.Mid).ToList();
        if (options.Bundle && bundleMids.Count > 0)
        {
            offer.Attributes.Add(SdpGroup.Create(SdpGroup.Bundle, bundleMids).ToAttribute());
        }

        if (options.ExtmapAllowMixed)
        {
            offer.Attributes.Add(SdpAttributeNames.ExtmapAllowMixed);
        }

        foreach (var section in sectionList)
        {
            offer.Media.Add(section.Stopped ? StoppedSection(section) : OfferSection(section, options));
        }

        return offer;
    }

    /// <summary>
    /// Reads the client's answer to <paramref name="offer"/>. Returns false (never throws) when the answer does not
    /// match the offer: different m= count, kinds or mids, missing ICE/DTLS parameters, or actpass/holdconn setup.
    /// </summary>
    public static bool TryReadAnswer(SessionDescription offer, SessionDescription answer, out SdpNegotiation? negotiation, out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        negotiation = null;
        if (answer.Media.Count != offer.Media.Count)
        {
            error = $"the answer has {answer.Media.Count} m= sections, the offer {offer.Media.Count} (RFC 3264 §6)";
            return false;
        }

        var sections = new List<NegotiatedMediaSection>(answer.Media.Count);
        for (var i = 0; i < answer.Media.Count; i++)
        {
            var offered = offer.Media[i];
            var answered = answer.Media[i];
            if (answered.Media != offered.Media || answered.Mid != offered.Mid)
            {
                error = $"m= section {i} of the answer ({answered.Media} mid {answered.Mid}) does not match the offer ({offered.Media} mid {offered.Mid})";
                return false;
            }

            if (answered.IsRejected || offered.IsRejected)
            {
                sections.Add(NegotiatedMediaSection.Rejected(i, answered, "rejected in the answer (port 0)"));
                continue;
            }

            // We send what we offered to send and the peer agreed to receive, and vice versa.
            var offeredDirection = offer.GetDirection(offered);
            var answeredDirection = answer.GetDirection(answered);
            var localDirection = MediaDirections.From(
                offeredDirection.Sends() && answeredDirection.Receives(),
                offeredDirection.Receives() && answeredDirection.Sends());
            sections.Add(NegotiatedMediaSection.Accept(i, answered, answered, localDirection));
        }

        if (!sections.Any(section => section.Accepted))
        {
            error = "the answer rejected every m= section";
            return false;
        }

        if (!SdpTransportInfo.TryFrom(answer, out var transport, out error))
        {
            return false;
        }

        if (transport!.Setup is SetupRole.ActPass or SetupRole.HoldConn)
        {
            error = $"an answer must say a=setup:active or passive, not {transport.Setup.Value.ToSdp()} (RFC 5763 §5)";
            return false;
        }

        var bundleMids = answer.BundleGroup?.Mids.ToList() ?? [];
        negotiation = new SdpNegotiation(offer, answer, transport, sections, bundleMids);
        error = null;
        return true;
    }

    private static void Validate(List<OfferMediaSection> sections)
    {
        if (sections.Count == 0)
        {
            throw new ArgumentException("An offer needs at least one m= section.", nameof(sections));
        }

        var mids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            if (!mids.Add(section.Mid))
            {
                throw new ArgumentException($"mid '{section.Mid}' is used twice.", nameof(sections));
            }

            if (section.Kind == MediaDescription.Application || section.Stopped)
            {
                continue;
            }

            if (section.Codecs.Count == 0)
            {
                throw new ArgumentException($"Section '{section.Mid}' offers no codec.", nameof(sections));
            }

            var payloadTypes = new HashSet<int>();
            foreach (var codec in section.Codecs)
            {
                foreach (var payloadType in new[] { codec.PayloadType, codec.RtxPayloadType }.OfType<int>())
                {
                    if (payloadType is < 0 or > 127 || !payloadTypes.Add(payloadType))
                    {
                        throw new ArgumentException($"Section '{section.Mid}' has an invalid or duplicate payload type {payloadType}.", nameof(sections));
                    }
                }

                if (!SdpText.IsToken(codec.Name) || codec.ClockRate <= 0)
                {
                    throw new ArgumentException($"Section '{section.Mid}' has an invalid codec '{codec.Name}/{codec.ClockRate}'.", nameof(sections));
                }
            }

            var extensionIds = new HashSet<int>();
            foreach (var extension in section.HeaderExtensions)
            {
                if (extension.Id is < 1 or > 255 || !extensionIds.Add(extension.Id) || !SdpText.IsField(extension.Uri))
                {
                    throw new ArgumentException($"Section '{section.Mid}' has an invalid or duplicate extmap id {extension.Id}.", nameof(sections));
                }
            }
        }
    }

    private static MediaDescription StoppedSection(OfferMediaSection section)
    {
        var isData = section.Kind == MediaDescription.Application;
        var formats = isData ? [MediaDescription.DataChannelFormat]
            : section.Codecs.Count > 0 ? [SdpText.Format(section.Codecs[0].PayloadType)] : new[] { "0" };
        var media = new MediaDescription(section.Kind, 0, isData ? MediaDescription.SctpProtocol : MediaDescription.RtpProtocol, formats);
        media.Connections.Add(SdpConnection.Unspecified);
        media.Attributes.Add(SdpAttributeNames.Mid, section.Mid);
        media.SetDirection(MediaDirection.Inactive);
        return media;
    }

    private static MediaDescription OfferSection(OfferMediaSection section, SdpOfferOptions options)
    {
        var isData = section.Kind == MediaDescription.Application;
        var formats = isData
            ? [MediaDescription.DataChannelFormat]
            : section.Codecs.SelectMany(codec => new[] { codec.PayloadType, codec.RtxPayloadType }.OfType<int>()).Select(SdpText.Format).ToList();
        var defaultCandidate = options.Transport.Candidates.FirstOrDefault();
        var media = new MediaDescription(
            section.Kind, defaultCandidate?.Port ?? 9, isData ? MediaDescription.SctpProtocol : MediaDescription.RtpProtocol, formats);
        media.Connections.Add(defaultCandidate is null ? SdpConnection.Unspecified : SdpConnection.ForAddress(defaultCandidate.Address));
        TransportAttributes.Add(media, options.Transport, SetupRole.ActPass);
        media.Attributes.Add(SdpAttributeNames.Mid, section.Mid);
        if (isData)
        {
            media.Attributes.Add(SdpAttributeNames.SctpPort, SdpText.Format(options.SctpPort));
            media.Attributes.Add(SdpAttributeNames.MaxMessageSize, SdpText.Format(options.MaxMessageSize));
            TransportAttributes.AddCandidates(media, options.Transport);
            return media;
        }

        foreach (var extension in section.HeaderExtensions)
        {
            media.Attributes.Add(extension.ToAttribute());
        }

        media.Attributes.Add(section.Direction.ToSdp());
        var stream = section.Direction.Sends() ? section.Stream : null;
        if (stream is not null)
        {
            media.Attributes.Add(stream.Msid.ToAttribute());
        }

        media.Attributes.Add(SdpAttributeNames.RtcpMux);
        if (section.RtcpRsize)
        {
            media.Attributes.Add(SdpAttributeNames.RtcpRsize);
        }

        foreach (var codec in section.Codecs)
        {
            codec.AppendAttributes(media.Attributes);
        }

        stream?.AppendSsrcAttributes(media.Attributes, section.Codecs.Any(codec => codec.RtxPayloadType is not null));
        // Offers list candidates in every section: the answerer may still refuse to bundle (RFC 8829 §5.2.1).
        TransportAttributes.AddCandidates(media, options.Transport);
        return media;
    }
}
