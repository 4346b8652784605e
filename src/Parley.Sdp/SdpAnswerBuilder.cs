namespace Parley.Sdp;

/// <summary>
/// Builds the answer of an ICE-lite WebRTC server to a browser's unified-plan offer (RFC 8829 §5.3.1): same
/// m= sections in the same order with the same mids, one BUNDLE group, rtcp-mux, intersected codecs and header
/// extensions, our ICE/DTLS parameters, and rejected sections (port 0) for what the server cannot take.
/// </summary>
/// <remarks>
/// ICE credentials, fingerprint and setup are written in every accepted section (as browsers do in their own
/// answers); candidates and end-of-candidates only in the section carrying the transport — the BUNDLE tag
/// (RFC 8843 §7.3.1), or every accepted section when the offer did not bundle.
/// </remarks>
// https://www.rfc-editor.org/rfc/rfc8829#section-5.3.1
public static class SdpAnswerBuilder
{
    /// <summary>The RTP header extension carrying the rid of a simulcast layer (RFC 8852 §3.1).</summary>
    public const string RtpStreamIdUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>
    /// Answers <paramref name="offer"/>. Returns false (never throws) when the offer is not a usable WebRTC offer —
    /// no mid on a section, no ICE credentials, no fingerprint, no acceptable section at all.
    /// </summary>
    public static bool TryBuild(SessionDescription offer, SdpAnswerOptions options, out SdpNegotiation? negotiation, out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        negotiation = null;
        if (!SdpTransportInfo.TryFrom(offer, out var remoteTransport, out error))
        {
            return false;
        }

        if (remoteTransport!.Setup is SetupRole.HoldConn)
        {
            error = "the offer's a=setup:holdconn is not supported";
            return false;
        }

        var mids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var mid = offer.Media[i].Mid;
            if (mid is null)
            {
                error = $"m= section {i} has no a=mid (a unified-plan offer is required)";
                return false;
            }

            if (!mids.Add(mid))
            {
                error = $"m= section {i} repeats mid '{mid}'";
                return false;
            }
        }

        var offeredBundle = offer.BundleGroup;
        var answer = new SessionDescription(SdpOrigin.Create(options.SessionId, options.SessionVersion));
        answer.Timings.Add(new SdpTiming());
        var sections = new List<NegotiatedMediaSection>(offer.Media.Count);
        var sectionRejections = new string?[offer.Media.Count];
        for (var i = 0; i < offer.Media.Count; i++)
        {
            sectionRejections[i] = RejectionReason(offer.Media[i], offeredBundle, options);
        }

        // The BUNDLE tag is the first accepted mid of the offered group, in the group's order (RFC 8843 §7.3.1).
        var acceptedBundleMids = offeredBundle is null
            ? []
            : offeredBundle.Mids.Where(mid => offer.FindMedia(mid) is { } m && sectionRejections[offer.Media.IndexOf(m)] is null).ToList();
        var bundleTag = acceptedBundleMids.FirstOrDefault();

        var setup = SetupRoles.Answer(remoteTransport.Setup ?? SetupRole.ActPass, options.SetupWhenOfferIsActPass);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var offered = offer.Media[i];
            if (sectionRejections[i] is { } reason)
            {
                answer.Media.Add(RejectedSection(offered));
                sections.Add(NegotiatedMediaSection.Rejected(i, offered, reason));
                continue;
            }

            var carriesCandidates = bundleTag is null || offered.Mid == bundleTag;
            var (section, direction) = offered.IsRtp
                ? AnswerRtpSection(offer, offered, options, setup, carriesCandidates)
                : (AnswerDataSection(offered, options, setup, carriesCandidates), MediaDirection.SendRecv);
            answer.Media.Add(section);
            sections.Add(NegotiatedMediaSection.Accept(i, section, offered, direction));
        }

        if (sections.All(section => !section.Accepted))
        {
            error = "no m= section of the offer could be accepted: " +
                string.Join("; ", sections.Select(s => $"{s.Mid}: {s.RejectionReason}"));
            return false;
        }

        WriteSessionAttributes(answer, offer, options, acceptedBundleMids, offeredBundle is not null);
        negotiation = new SdpNegotiation(answer, offer, remoteTransport, sections, acceptedBundleMids);
        error = null;
        return true;
    }

    private static string? RejectionReason(MediaDescription offered, SdpGroup? bundle, SdpAnswerOptions options)
    {
        if (offered.IsRejected)
        {
            return "rejected or stopped in the offer (port 0)";
        }

        if (bundle is not null && !bundle.Mids.Contains(offered.Mid!))
        {
            return "not in the offered BUNDLE group (the server runs one transport)";
        }

        if (offered.IsApplication)
        {
            if (!options.AcceptDataChannel)
            {
                return "data channels are not enabled";
            }

            return offered.Protocol.EndsWith("SCTP", StringComparison.Ordinal) && offered.Formats.Contains(MediaDescription.DataChannelFormat)
                ? null
                : $"unsupported data channel protocol '{offered.Protocol}'";
        }

        if (!offered.IsAudio && !offered.IsVideo)
        {
            return $"unsupported media type '{offered.Media}'";
        }

        if (!offered.IsRtp || !offered.Protocol.Contains("SAVP", StringComparison.Ordinal))
        {
            return $"unsupported protocol '{offered.Protocol}' (DTLS-SRTP is required)";
        }

        if (!offered.IsRtcpMux)
        {
            return "rtcp-mux is required (RFC 8829 §5.1.3)";
        }

        if (CodecSelection.Select(new MediaFormats(offered), options.Codecs).Count == 0)
        {
            return "no codec in common";
        }

        return null;
    }

    private static MediaDescription RejectedSection(MediaDescription offered)
    {
        // RFC 3264 §6: port 0, same media and protocol, at least one format; the mid stays so the offerer can match it.
        var formats = offered.Formats.Count > 0 ? offered.Formats.Take(1) : ["0"];
        var section = new MediaDescription(offered.Media, 0, offered.Protocol, formats);
        section.Connections.Add(SdpConnection.Unspecified);
        section.Attributes.Add(SdpAttributeNames.Mid, offered.Mid);
        return section;
    }

    private static (MediaDescription Section, MediaDirection Direction) AnswerRtpSection(
        SessionDescription offer, MediaDescription offered, SdpAnswerOptions options, SetupRole setup, bool carriesCandidates)
    {
        var formats = new MediaFormats(offered);
        var payloadTypes = CodecSelection.Select(formats, options.Codecs);
        var section = NewSection(offered, options, payloadTypes.Select(SdpText.Format));
        TransportAttributes.Add(section, options.Transport, setup);
        section.Attributes.Add(SdpAttributeNames.Mid, offered.Mid);

        foreach (var extmap in offered.Extmaps)
        {
            if (options.HeaderExtensions.Contains(extmap.Uri) && (extmap.Id <= 14 || options.TwoByteHeaderExtensions))
            {
                // RFC 8285 §7: a directional offer (e.g. Firefox's "6/recvonly") is answered with the mirror direction.
                section.Attributes.Add(new Extmap(extmap.Id, extmap.Uri, extmap.Direction?.Reverse()).ToAttribute());
            }
        }

        var offeredDirection = offer.GetDirection(offered);
        var direction = MediaDirections.Answer(offeredDirection, options.DirectionPolicy(offered, offeredDirection));
        section.Attributes.Add(direction.ToSdp());
        var stream = direction.Sends() ? options.SendStream?.Invoke(offered) : null;
        if (stream is not null)
        {
            section.Attributes.Add(stream.Msid.ToAttribute());
        }

        section.Attributes.Add(SdpAttributeNames.RtcpMux);
        if (offered.IsRtcpRsize)
        {
            section.Attributes.Add(SdpAttributeNames.RtcpRsize);
        }

        foreach (var feedback in CodecSelection.Feedback(formats, null, options.RtcpFeedback))
        {
            section.Attributes.Add(feedback.ToAttribute());
        }

        foreach (var payloadType in payloadTypes)
        {
            if (formats.WrittenRtpMap(payloadType) is { } map)
            {
                section.Attributes.Add(map.ToAttribute());
            }

            foreach (var feedback in CodecSelection.Feedback(formats, payloadType, options.RtcpFeedback))
            {
                section.Attributes.Add(feedback.ToAttribute());
            }

            var offeredFmtp = formats.Fmtp(payloadType);
            var capability = formats.RtpMap(payloadType) is { } offeredMap
                ? options.Codecs.FirstOrDefault(codec => !codec.IsRtx && codec.Matches(offered.Media, offeredMap, offeredFmtp))
                : null;
            if ((capability is null ? offeredFmtp : capability.AnswerFmtp(payloadType, offeredFmtp)) is { } fmtp)
            {
                section.Attributes.Add(fmtp.ToAttribute());
            }
        }

        // Without the RID header extension the layers cannot be told apart (RFC 8852 §3.3), so simulcast is only
        // echoed when that extension was accepted; the browser then falls back to a single stream.
        var ridExtensionAccepted = section.Extmaps.Any(extmap => extmap.Uri == RtpStreamIdUri);
        if (direction.Receives() && options.AcceptSimulcast && ridExtensionAccepted)
        {
            AddReceiveSimulcast(section, offered, payloadTypes);
        }

        if (stream is not null)
        {
            var rtxNegotiated = payloadTypes.Any(formats.IsRtx);
            stream.AppendSsrcAttributes(section.Attributes, rtxNegotiated);
        }

        if (carriesCandidates)
        {
            TransportAttributes.AddCandidates(section, options.Transport);
        }

        return (section, direction);
    }

    /// <summary>
    /// Echoes the offer's send simulcast as receive (RFC 8853 §5.3): each offered <c>a=rid:X send</c> named in
    /// <c>a=simulcast:send</c> becomes <c>a=rid:X recv</c>, with pt= narrowed to the accepted payload types.
    /// A rid whose payload types were all rejected is dropped (RFC 8851 §5).
    /// </summary>
    private static void AddReceiveSimulcast(MediaDescription section, MediaDescription offered, List<int> payloadTypes)
    {
        var simulcast = offered.Simulcast;
        if (simulcast is null || simulcast.Send.Count == 0)
        {
            return;
        }

        // First definition wins: a repeated a=rid line is the peer's mistake, not a reason to fail.
        var offeredRids = new Dictionary<string, Rid>(StringComparer.Ordinal);
        foreach (var rid in offered.Rids.Where(rid => rid.Direction == RidDirection.Send))
        {
            offeredRids.TryAdd(rid.Id, rid);
        }

        var accepted = new Dictionary<string, Rid>(StringComparer.Ordinal);
        foreach (var ridId in simulcast.SendRids)
        {
            if (accepted.ContainsKey(ridId) || !offeredRids.TryGetValue(ridId, out var rid))
            {
                continue;
            }

            var keptPayloadTypes = rid.PayloadTypes.Where(payloadTypes.Contains).ToList();
            if (rid.PayloadTypes.Count > 0 && keptPayloadTypes.Count == 0)
            {
                continue;
            }

            accepted[ridId] = rid with { Direction = RidDirection.Recv, PayloadTypes = new ValueList<int>(keptPayloadTypes) };
        }

        var streams = simulcast.Send
            .Select(alternatives => alternatives.Where(s => accepted.ContainsKey(s.Rid)).ToList())
            .Where(alternatives => alternatives.Count > 0)
            .Select(alternatives => new ValueList<SimulcastStream>(alternatives))
            .ToList();
        if (streams.Count == 0)
        {
            return;
        }

        foreach (var stream in streams.SelectMany(alternatives => alternatives).DistinctBy(s => s.Rid))
        {
            section.Attributes.Add(accepted[stream.Rid].ToAttribute());
        }

        section.Attributes.Add(new Simulcast(new ValueList<ValueList<SimulcastStream>>([]), new ValueList<ValueList<SimulcastStream>>(streams)).ToAttribute());
    }

    private static MediaDescription AnswerDataSection(MediaDescription offered, SdpAnswerOptions options, SetupRole setup, bool carriesCandidates)
    {
        var section = NewSection(offered, options, [MediaDescription.DataChannelFormat]);
        TransportAttributes.Add(section, options.Transport, setup);
        section.Attributes.Add(SdpAttributeNames.Mid, offered.Mid);
        section.Attributes.Add(SdpAttributeNames.SctpPort, SdpText.Format(options.SctpPort));
        section.Attributes.Add(SdpAttributeNames.MaxMessageSize, SdpText.Format(options.MaxMessageSize));
        if (carriesCandidates)
        {
            TransportAttributes.AddCandidates(section, options.Transport);
        }

        return section;
    }

    private static MediaDescription NewSection(MediaDescription offered, SdpAnswerOptions options, IEnumerable<string> formats)
    {
        // JSEP §5.3.1: m= port and c= come from the default candidate; 9 / 0.0.0.0 when there is none.
        var defaultCandidate = options.Transport.Candidates.FirstOrDefault();
        var section = new MediaDescription(offered.Media, defaultCandidate?.Port ?? 9, offered.Protocol, formats);
        section.Connections.Add(defaultCandidate is null ? SdpConnection.Unspecified : SdpConnection.ForAddress(defaultCandidate.Address));
        return section;
    }

    private static void WriteSessionAttributes(
        SessionDescription answer, SessionDescription offer, SdpAnswerOptions options, List<string> bundleMids, bool offerBundled)
    {
        if (options.Transport.IceLite)
        {
            answer.Attributes.Add(SdpAttributeNames.IceLite);
        }

        if (offerBundled && bundleMids.Count > 0)
        {
            answer.Attributes.Add(SdpGroup.Create(SdpGroup.Bundle, bundleMids).ToAttribute());
        }

        if (options.TwoByteHeaderExtensions && offer.Attributes.Contains(SdpAttributeNames.ExtmapAllowMixed))
        {
            answer.Attributes.Add(SdpAttributeNames.ExtmapAllowMixed);
        }
    }
}
