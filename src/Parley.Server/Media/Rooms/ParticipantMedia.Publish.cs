using Parley.Protocol.Errors;
using WireProducer = Parley.Protocol.Messages.Producer;
using Parley.Sdp;
using Parley.Sfu;
using RtcpFeedback = Parley.Sfu.RtcpFeedback;
using Parley.WebRtc.Negotiation;
using Parley.WebRtc.Transport;

namespace Parley.Server.Media.Rooms;

/// <summary>The send side: <c>publish</c> (the client's offer), <c>unpublish</c>, <c>muteTrack</c>.</summary>
internal sealed partial class ParticipantMedia
{
    private readonly Dictionary<string, PublishedTrack> _published = new(StringComparer.Ordinal);
    // Sources an operator locked muted for this stay (admin API): paused whatever the member asks, new producers included.
    private readonly HashSet<TrackSource> _adminMuted = [];
    private SideTransport? _send;
    private string? _sendRemoteUfrag;

    /// <summary>What a <c>publish</c> changed, for the caller to announce (track events) after answering.</summary>
    public sealed record PublishOutcome(PublishResult Result, IReadOnlyList<WireProducer> Added, IReadOnlyList<WireProducer> Removed);

    /// <summary>
    /// Answers the send transport's complete offer (docs/protocol.md §10.1): creates the transport on the first
    /// call, restarts ICE when the offer's ufrag changed, creates a producer for each new entry of
    /// <paramref name="tracks"/> and closes those whose section left the list. Throws
    /// <see cref="MediaRequestException"/> with nothing changed when the request cannot be honoured.
    /// </summary>
    public PublishOutcome Publish(string sdp, IReadOnlyList<PublishTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        ArgumentNullException.ThrowIfNull(tracks);
        var added = new List<PublishedTrack>();
        var removed = new List<PublishedTrack>();
        string answer;
        lock (_gate)
        {
            ThrowIfClosed();
            if (!SessionDescription.TryParse(sdp, out var offer, out var parseError))
            {
                throw new MediaRequestException(ErrorCodes.SdpInvalid, $"The offer is not valid SDP: {parseError}");
            }

            if (!SdpTransportInfo.TryFrom(offer!, out var remote, out var transportError))
            {
                throw new MediaRequestException(ErrorCodes.SdpInvalid, $"The offer lacks ICE/DTLS parameters: {transportError}");
            }

            var wanted = ValidateTracks(offer!, tracks);
            bool created = false;
            if (_send is null)
            {
                _send = CreateSide(new WebRtcTransportSettings { RemoteUsernameFragment = remote!.IceUfrag, RemoteFingerprint = remote.Fingerprint });
                _send.Transport.SetMaxIncomingBitrate(((long)_role.Video.MaxBitrateKbps + _role.Audio.BitrateKbps) * 1000);
                _sendRemoteUfrag = remote.IceUfrag;
                created = true;
            }
            else if (!Equals(_send.WebRtc.RemoteFingerprint, remote!.Fingerprint))
            {
                throw new MediaRequestException(ErrorCodes.SdpInvalid, "The offer's DTLS fingerprint differs from the send transport's; a new connection needs a new session.");
            }
            else if (!string.Equals(remote.IceUfrag, _sendRemoteUfrag, StringComparison.Ordinal))
            {
                // RFC 8839 §4.4.1.1.1: an offer with a new ufrag restarts ICE; our side gets new credentials too.
                _send.WebRtc.RestartIce(remote.IceUfrag);
                _sendRemoteUfrag = remote.IceUfrag;
            }

            if (!MediaSdpPolicy.Default.TryAnswer(offer!, _send.WebRtc, AnswerDirectionPolicies.ReceiveOnly, out var negotiation, out var answerError))
            {
                if (created)
                {
                    _send.Dispose();
                    _send = null;
                }

                throw new MediaRequestException(ErrorCodes.SdpInvalid, $"The offer cannot be answered: {answerError}");
            }

            // Every wanted section must have been accepted with media flowing towards us.
            foreach (var (mid, _) in wanted)
            {
                var section = negotiation.Sdp.FindSection(mid);
                if (section is null || !section.Accepted || section.Direction != MediaDirection.RecvOnly || negotiation.FindSection(mid) is null)
                {
                    if (created)
                    {
                        _send.Dispose();
                        _send = null;
                    }

                    throw new MediaRequestException(ErrorCodes.SdpInvalid, $"Section {mid} cannot be published: {section?.RejectionReason ?? "it does not send media"}.");
                }
            }

            RoleUplinkCaps.Apply(negotiation.Sdp.Local, _role);
            answer = negotiation.LocalDescription;

            foreach (var (mid, track) in _published)
            {
                if (!wanted.TryGetValue(mid, out var want) || want.Source != track.Source)
                {
                    removed.Add(track);
                }
            }

            foreach (var track in removed)
            {
                _published.Remove(track.Mid);
                track.Producer.Close();
            }

            foreach (var (mid, (source, muted)) in wanted)
            {
                if (_published.TryGetValue(mid, out var existing))
                {
                    existing.UserMuted = muted;
                    SetPaused(existing.Producer, muted || _adminMuted.Contains(source));
                    continue;
                }

                var track = Produce(negotiation, mid, source, muted || _adminMuted.Contains(source));
                track.UserMuted = muted;
                _published.Add(mid, track);
                added.Add(track);
            }
        }

        foreach (var track in removed)
        {
            _room.OnProducerRemoved(track);
        }

        foreach (var track in added)
        {
            _room.OnProducerAdded(track);
        }

        return new PublishOutcome(new PublishResult(answer, GetProducers()), [.. added.Select(t => t.ToInfo())], [.. removed.Select(t => t.ToInfo())]);
    }

    /// <summary>This participant's producers now.</summary>
    public IReadOnlyList<WireProducer> GetProducers()
    {
        lock (_gate)
        {
            return [.. _published.Values.Select(track => track.ToInfo())];
        }
    }

    internal IReadOnlyList<PublishedTrack> GetPublishedTracks()
    {
        lock (_gate)
        {
            return [.. _published.Values];
        }
    }

    /// <summary><c>unpublish</c>: closes the producer; the client renegotiates the section away later.</summary>
    public WireProducer Unpublish(string producerId)
    {
        PublishedTrack track;
        lock (_gate)
        {
            ThrowIfClosed();
            track = FindOwnTrack(producerId);
            _published.Remove(track.Mid);
            track.Producer.Close();
        }

        _room.OnProducerRemoved(track);
        return track.ToInfo();
    }

    /// <summary>
    /// <c>muteTrack</c>: a muted producer is not forwarded; unmuting resumes from the next key frame. A source an operator
    /// locked stays muted (unmuting it answers 90030). Answers the producer as it is now.
    /// </summary>
    public WireProducer Mute(string producerId, bool muted)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            var track = FindOwnTrack(producerId);
            var locked = _adminMuted.Contains(track.Source);
            if (locked && !muted)
            {
                throw new MediaRequestException(ErrorCodes.TrackMutedByAdmin, $"An operator muted your {track.Source.ToWire()}; only an operator can unmute it.");
            }

            track.UserMuted = muted;
            SetPaused(track.Producer, muted || locked);
            return track.ToInfo();
        }
    }

    /// <summary>
    /// An operator locks (or releases) the source of <paramref name="producerId"/>: locked, it is paused for the rest of the
    /// stay whatever the member asks; released, it is paused only if the member muted it. Answers whether it is paused now.
    /// </summary>
    public bool AdminMute(string producerId, bool adminMuted)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            var track = FindOwnTrack(producerId);
            if (adminMuted)
            {
                _adminMuted.Add(track.Source);
            }
            else
            {
                _adminMuted.Remove(track.Source);
            }

            SetPaused(track.Producer, adminMuted || track.UserMuted);
            return track.Producer.Paused;
        }
    }

    /// <summary>Whether an operator locked <paramref name="source"/> muted.</summary>
    internal bool IsAdminMuted(TrackSource source)
    {
        lock (_gate)
        {
            return _adminMuted.Contains(source);
        }
    }

    private PublishedTrack FindOwnTrack(string producerId) =>
        _published.Values.FirstOrDefault(track => track.ProducerId == producerId)
        ?? throw new MediaRequestException(ErrorCodes.ProducerNotFound, $"You have no producer {producerId}.");

    private static void SetPaused(Producer producer, bool paused)
    {
        if (paused && !producer.Paused)
        {
            producer.Pause();
        }
        else if (!paused && producer.Paused)
        {
            producer.Resume();
        }
    }

    /// <summary>Checks <c>tracks</c> against the offer and this participant's rights; returns mid → (source, muted).</summary>
    private Dictionary<string, (TrackSource Source, bool Muted)> ValidateTracks(SessionDescription offer, IReadOnlyList<PublishTrack> tracks)
    {
        var wanted = new Dictionary<string, (TrackSource, bool)>(StringComparer.Ordinal);
        var sources = new HashSet<TrackSource>();
        foreach (var entry in tracks)
        {
            if (entry is null || string.IsNullOrEmpty(entry.Mid) || !TrackSourceNames.TryParse(entry.Source, out var source))
            {
                throw new MediaRequestException(ErrorCodes.InvalidParams, "Each tracks entry needs a mid and a source of microphone, camera or screen.");
            }

            var section = offer.Media.FirstOrDefault(media => media.Mid == entry.Mid)
                ?? throw new MediaRequestException(ErrorCodes.InvalidParams, $"The offer has no section with mid {entry.Mid}.");
            if (section.IsAudio != (source == TrackSource.Microphone) || !(section.IsAudio || section.IsVideo))
            {
                throw new MediaRequestException(ErrorCodes.InvalidParams, $"Section {entry.Mid} is {section.Media}, which cannot carry the {entry.Source}.");
            }

            if (!sources.Add(source) || wanted.ContainsKey(entry.Mid))
            {
                throw new MediaRequestException(ErrorCodes.InvalidParams, $"tracks names the {entry.Source} or mid {entry.Mid} twice.");
            }

            if (!Permissions.MaySend(source))
            {
                throw new MediaRequestException(ErrorCodes.NoPrivilege, $"Your PrivateMapKey does not allow sending the {entry.Source} (bit {(int)MediaPermissions.SendBit(source)}).");
            }

            if (_published.Values.FirstOrDefault(track => track.Source == source) is { } other && other.Mid != entry.Mid)
            {
                throw new MediaRequestException(ErrorCodes.SourceAlreadyPublished, $"The {entry.Source} is already published (mid {other.Mid}); unpublish it first.");
            }

            wanted.Add(entry.Mid, (source, entry.Muted ?? false));
        }

        return wanted;
    }

    private PublishedTrack Produce(MediaNegotiation negotiation, string mid, TrackSource source, bool muted)
    {
        var parameters = negotiation.FindSection(mid)!;
        var sdpSection = negotiation.Sdp.FindSection(mid)!;
        var codec = parameters.Codecs[0];
        var encodings = new List<RtpEncoding>();
        if (parameters.RemoteSendRids.Count > 0)
        {
            // docs/protocol.md §9.1: rids are listed from the smallest to the full size; layer n is the n-th rid.
            foreach (var rid in parameters.RemoteSendRids.Take(3))
            {
                encodings.Add(new RtpEncoding { Rid = rid });
            }
        }
        else
        {
            var fid = sdpSection.RemoteSsrcGroups.FirstOrDefault(group => group.Semantics == SsrcGroup.FlowIdentification && group.Ssrcs.Count == 2);
            uint? ssrc = fid is not null ? fid.Ssrcs[0] : parameters.RemoteSsrcs.Count > 0 ? parameters.RemoteSsrcs[0] : null;
            encodings.Add(new RtpEncoding { Ssrc = ssrc, RtxSsrc = fid?.Ssrcs[1] });
        }

        var producer = _send!.Transport.Produce(new ProducerOptions(source.Kind(), ToRtpCodec(codec))
        {
            Encodings = encodings,
            Mid = mid,
            HeaderExtensions = ExtensionIds(parameters),
            Tag = source.ToWire(),
            Paused = muted,
        });
        return new PublishedTrack(this, mid, source, producer, codec.Name, codec.ClockRate, codec.Channels, codec.Parameters?.ToString());
    }

    internal static RtpCodec ToRtpCodec(NegotiatedCodec codec) => new(codec.Name, codec.ClockRate, (byte)codec.PayloadType)
    {
        Channels = codec.Channels ?? 1,
        RtxPayloadType = codec.RtxPayloadType is int rtx ? (byte)rtx : null,
        Fmtp = codec.Parameters is { } fmtp ? string.Join(';', fmtp.Parameters.Select(p => p.Value is null ? p.Key : p.Key + "=" + p.Value)) : null,
        Feedback = Feedback(codec),
    };

    private static RtcpFeedback Feedback(NegotiatedCodec codec) =>
        (codec.HasFeedback("nack") ? RtcpFeedback.Nack : 0)
        | (codec.HasFeedback("nack", "pli") ? RtcpFeedback.NackPli : 0)
        | (codec.HasFeedback("ccm", "fir") ? RtcpFeedback.CcmFir : 0)
        | (codec.HasFeedback("goog-remb") ? RtcpFeedback.GoogRemb : 0)
        | (codec.HasFeedback("transport-cc") ? RtcpFeedback.TransportCc : 0);

    internal static RtpHeaderExtensionIds ExtensionIds(NegotiatedMediaParameters parameters) => new()
    {
        Mid = (byte)(parameters.MidExtensionId ?? 0),
        Rid = (byte)(parameters.RidExtensionId ?? 0),
        RepairedRid = (byte)(parameters.RepairedRidExtensionId ?? 0),
        AudioLevel = Id(parameters, RtpHeaderExtensionUris.AudioLevel),
        AbsSendTime = Id(parameters, RtpHeaderExtensionUris.AbsSendTime),
        TransportCc = Id(parameters, RtpHeaderExtensionUris.TransportWideCc),
        VideoOrientation = Id(parameters, RtpHeaderExtensionUris.VideoOrientation),
    };

    private static byte Id(NegotiatedMediaParameters parameters, string uri) =>
        parameters.HeaderExtensionIds.TryGetValue(uri, out var id) ? (byte)id : (byte)0;
}
