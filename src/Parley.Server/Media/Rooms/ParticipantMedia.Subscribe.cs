using System.Globalization;
using Parley.Protocol.Errors;
using WireProducer = Parley.Protocol.Messages.Producer;
using Parley.Sdp;
using Parley.Sfu;
using RtcpFeedback = Parley.Sfu.RtcpFeedback;
using Parley.WebRtc.Negotiation;
using Parley.Signaling.MediaHooks;
using Parley.WebRtc.Transport;

namespace Parley.Server.Media.Rooms;

/// <summary>
/// The receive side: consumers, the server's offers for the recv transport (<c>subscriberOffer</c>), the client's
/// answers, <c>subscribe</c>/<c>unsubscribe</c>/<c>setPreferredLayer</c>, <c>restartIce</c> (docs/protocol.md §9.2).
/// </summary>
internal sealed partial class ParticipantMedia
{
    // Offer ids of MediaSdpPolicy.CreateOfferSection; a browser's answer keeps them (RFC 8285 §6).
    private static readonly RtpHeaderExtensionIds AudioOfferExtensions = new() { Mid = 1, AudioLevel = 4, AbsSendTime = 5, TransportCc = 6 };
    private static readonly RtpHeaderExtensionIds VideoOfferExtensions = new() { Mid = 1, AbsSendTime = 5, TransportCc = 6, VideoOrientation = 7 };

    private readonly List<ConsumerSlot> _slots = [];
    private readonly ulong _recvSessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    private SideTransport? _recv;
    private long _offerVersion;
    private SessionDescription? _outstandingOffer;
    private bool _offerDirty;

    /// <summary>
    /// Subscribes to <paramref name="track"/> (automatically, or through <c>subscribe</c>); returns the consumer, an
    /// existing one when already subscribed. Null when automatic and not allowed. A new offer follows.
    /// </summary>
    internal ConsumerInfo? AddConsumer(PublishedTrack track, int? preferredLayer, bool explicitRequest)
    {
        ConsumerInfo info;
        lock (_gate)
        {
            if (_closed)
            {
                return explicitRequest ? throw new MediaRequestException(ErrorCodes.NotInRoom, "The participant has left the room.") : null;
            }

            if (!Permissions.MayReceive(track.Source))
            {
                return explicitRequest
                    ? throw new MediaRequestException(ErrorCodes.NoPrivilege, $"Your PrivateMapKey does not allow receiving the {track.Source.ToWire()} (bit {(int)MediaPermissions.ReceiveBit(track.Source)}).")
                    : null;
            }

            if (_slots.FirstOrDefault(slot => !slot.Stopped && slot.Track == track) is { } existing)
            {
                if (preferredLayer is int layer)
                {
                    existing.PreferredLayer = layer;
                    existing.Consumer.SetPreferredLayers(layer);
                }

                return existing.ToInfo();
            }

            if (_recv is null)
            {
                _recv = CreateSide(new WebRtcTransportSettings());
                var recv = _recv.WebRtc;
                recv.StateChanged += (transport, state) =>
                {
                    if (state == WebRtcTransportState.Connected)
                    {
                        lock (_gate)
                        {
                            if (!_closed && _recv?.WebRtc == transport)
                            {
                                ResumeAnsweredConsumers();
                            }
                        }
                    }
                };
            }

            var mid = _slots.Count.ToString(CultureInfo.InvariantCulture);
            bool video = track.Source != TrackSource.Microphone;
            var (payloadType, rtxPayloadType) = OfferPayloadTypes(track.CodecName);
            uint ssrc = RandomSsrc();
            uint? rtxSsrc = video && rtxPayloadType is not null ? RandomSsrc() : null;
            var consumer = _recv.Transport.Consume(track.Producer, new ConsumerOptions(ssrc, (byte)payloadType)
            {
                RtxSsrc = rtxSsrc,
                RtxPayloadType = rtxSsrc is null ? null : (byte?)rtxPayloadType,
                Feedback = video
                    ? RtcpFeedback.Nack | RtcpFeedback.NackPli | RtcpFeedback.CcmFir | RtcpFeedback.GoogRemb | RtcpFeedback.TransportCc
                    : RtcpFeedback.TransportCc,
                HeaderExtensions = video ? VideoOfferExtensions : AudioOfferExtensions,
                Mid = mid,
                Paused = true,
                PreferredSpatialLayer = preferredLayer,
            });
            var slot = new ConsumerSlot(mid, track, consumer, ssrc, rtxSsrc, payloadType, rtxSsrc is null ? null : rtxPayloadType) { PreferredLayer = preferredLayer };
            consumer.LayerChanged += (c, layer) => Notify("consumerLayerChanged", new ConsumerLayerChangedEvent(c.Id, track.ProducerId, layer), MediaJsonContext.Default.ConsumerLayerChangedEvent);
            _slots.Add(slot);
            _offerDirty = true;
            info = slot.ToInfo();
        }

        SendOfferIfDue();
        return info;
    }

    /// <summary>The producer went away: its consumers close and their sections are stopped in the next offer.</summary>
    internal void RemoveConsumersOf(PublishedTrack track)
    {
        bool changed = false;
        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                if (!slot.Stopped && slot.Track == track)
                {
                    slot.Stopped = true;
                    slot.Consumer.Close();
                    changed = true;
                }
            }

            _offerDirty |= changed;
        }

        if (changed)
        {
            SendOfferIfDue();
        }
    }

    /// <summary><c>unsubscribe</c>.</summary>
    public void Unsubscribe(string producerId)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            var slot = FindSlot(producerId);
            slot.Stopped = true;
            slot.Consumer.Close();
            _offerDirty = true;
        }

        SendOfferIfDue();
    }

    /// <summary><c>setPreferredLayer</c>: the highest layer ≤ this that is received and fits the bandwidth is forwarded.</summary>
    public void SetPreferredLayer(string producerId, int spatialLayer, int? temporalLayer)
    {
        if (spatialLayer is < 0 or > 2)
        {
            throw new MediaRequestException(ErrorCodes.InvalidParams, "spatialLayer must be 0, 1 or 2.");
        }

        lock (_gate)
        {
            ThrowIfClosed();
            var slot = FindSlot(producerId);
            slot.PreferredLayer = spatialLayer;
            slot.Consumer.SetPreferredLayers(spatialLayer, temporalLayer);
        }
    }

    /// <summary>
    /// <c>subscriberAnswer</c>: applies the client's answer to the outstanding offer; consumers whose sections it
    /// accepted are resumed (a key frame is requested), and pending changes go out as the next offer.
    /// </summary>
    public void ApplyAnswer(string sdp, long version)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            if (_outstandingOffer is null || version != _offerVersion)
            {
                throw new MediaRequestException(ErrorCodes.NegotiationStale, $"Offer {version} is not the outstanding one (latest {_offerVersion}).");
            }

            if (!SessionDescription.TryParse(sdp, out var answer, out var parseError))
            {
                throw new MediaRequestException(ErrorCodes.SdpInvalid, $"The answer is not valid SDP: {parseError}");
            }

            if (!SdpOfferBuilder.TryReadAnswer(_outstandingOffer, answer!, out var negotiation, out var error))
            {
                throw new MediaRequestException(ErrorCodes.SdpInvalid, $"The answer does not match the offer: {error}");
            }

            if (negotiation!.IsDtlsClient)
            {
                throw new MediaRequestException(ErrorCodes.SdpInvalid, "The answer must say a=setup:active: the server is the DTLS server.");
            }

            try
            {
                _recv!.WebRtc.SetRemoteFingerprint(negotiation.RemoteTransport.Fingerprint);
            }
            catch (InvalidOperationException e)
            {
                throw new MediaRequestException(ErrorCodes.SdpInvalid, e.Message);
            }

            _outstandingOffer = null;
            foreach (var slot in _slots)
            {
                if (slot.Stopped || slot.Answered)
                {
                    continue;
                }

                if (negotiation.FindSection(slot.Mid) is { Accepted: true })
                {
                    slot.Answered = true;
                    slot.AwaitingConnection = true;
                }
            }

            if (_recv.WebRtc.State == WebRtcTransportState.Connected)
            {
                ResumeAnsweredConsumers();
            }
        }

        SendOfferIfDue();
    }

    /// <summary>
    /// Starts the consumers whose sections were answered, once the recv transport is connected (caller holds the gate).
    /// Resuming before DTLS completes would spend the key frame that Resume requests on a transport that cannot send
    /// yet, and the subscriber would wait a whole key-frame interval for its first picture.
    /// </summary>
    private void ResumeAnsweredConsumers()
    {
        foreach (var slot in _slots)
        {
            if (slot.AwaitingConnection && !slot.Stopped)
            {
                slot.AwaitingConnection = false;
                slot.Consumer.Resume();
            }
        }
    }

    /// <summary><c>restartIce</c> for the recv transport: new credentials in a new offer.</summary>
    public void RestartRecvIce()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            if (_recv is null)
            {
                throw new MediaRequestException(ErrorCodes.InvalidParams, "There is no recv transport yet.");
            }

            _recv.WebRtc.RestartIce();
            _offerDirty = true;
        }

        SendOfferIfDue();
    }

    /// <summary>This participant's consumers now.</summary>
    public IReadOnlyList<ConsumerInfo> GetConsumers()
    {
        lock (_gate)
        {
            return [.. _slots.Where(slot => !slot.Stopped).Select(slot => slot.ToInfo())];
        }
    }

    private ConsumerSlot FindSlot(string producerId) =>
        _slots.FirstOrDefault(slot => !slot.Stopped && slot.Track.ProducerId == producerId)
        ?? throw new MediaRequestException(ErrorCodes.ProducerNotFound, $"You have no consumer of producer {producerId}.");

    /// <summary>Sends the next offer when something changed and no offer is waiting for its answer (one outstanding at most).</summary>
    private void SendOfferIfDue()
    {
        SubscriberOfferEvent offerEvent;
        lock (_gate)
        {
            if (_closed || _recv is null || _outstandingOffer is not null || !_offerDirty)
            {
                return;
            }

            // The first section of the BUNDLE group carries the transport (RFC 9143 §7: the offerer-tagged m= section).
            // Rejecting it makes the browser move the bundle to a new transport and close the old one's DTLS, and an
            // offer whose every section is stopped has no BUNDLE group at all, which a max-bundle browser refuses. So
            // the first section ever offered is never stopped: when its consumer ends it stays, inactive, as the tag.
            var tag = _slots.FirstOrDefault(slot => !slot.StopOffered);
            var sections = _slots.Select(slot => slot == tag && slot.Stopped ? InactiveSection(slot) : BuildOfferSection(slot)).ToList();
            foreach (var slot in _slots)
            {
                slot.StopOffered |= slot.Stopped && slot != tag;
            }

            var offer = SdpOfferBuilder.Build(
                new SdpOfferOptions(MediaSdpPolicy.TransportParameters(_recv.WebRtc)) { SessionId = _recvSessionId, SessionVersion = (ulong)(_offerVersion + 1) },
                sections);
            _offerVersion++;
            _outstandingOffer = offer;
            _offerDirty = false;
            offerEvent = new SubscriberOfferEvent(offer.ToString(), _offerVersion, [.. _slots.Where(slot => !slot.Stopped).Select(slot => slot.ToInfo())]);
        }

        Notify("subscriberOffer", offerEvent, MediaJsonContext.Default.SubscriberOfferEvent);
    }

    private static OfferMediaSection BuildOfferSection(ConsumerSlot slot)
    {
        bool audio = slot.Track.Source == TrackSource.Microphone;
        var section = MediaSdpPolicy.CreateOfferSection(slot.Mid, audio ? MediaDescription.Audio : MediaDescription.Video, MediaDirection.SendOnly);
        // The SFU forwards, it does not transcode: offer only the publisher's codec.
        for (int i = section.Codecs.Count - 1; i >= 0; i--)
        {
            if (!string.Equals(section.Codecs[i].Name, slot.Track.CodecName, StringComparison.OrdinalIgnoreCase))
            {
                section.Codecs.RemoveAt(i);
            }
        }

        if (slot.Stopped)
        {
            section.Stopped = true;
            return section;
        }

        section.Stream = new LocalMediaStream(slot.Track.Owner.Identifier, slot.Consumer.Id, slot.Ssrc, "parley-" + slot.Track.Owner.Identifier, slot.RtxSsrc);
        return section;
    }

    private static OfferMediaSection InactiveSection(ConsumerSlot slot)
    {
        var section = BuildOfferSection(slot);
        section.Stopped = false;
        section.Direction = MediaDirection.Inactive;
        return section;
    }

    private static (int PayloadType, int? RtxPayloadType) OfferPayloadTypes(string codecName) => codecName.ToUpperInvariant() switch
    {
        "OPUS" => (MediaSdpPolicy.OpusPayloadType, null),
        "VP9" => (MediaSdpPolicy.Vp9PayloadType, MediaSdpPolicy.Vp9RtxPayloadType),
        "H264" => (MediaSdpPolicy.H264PayloadType, MediaSdpPolicy.H264RtxPayloadType),
        _ => (MediaSdpPolicy.Vp8PayloadType, MediaSdpPolicy.Vp8RtxPayloadType),
    };

    internal void Notify<T>(string method, T payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        Send(MediaSessionContext.FormatNotification(method, payload, typeInfo));

    /// <summary>A notification already formatted (one string shared by every participant of a room event).</summary>
    internal void Send(string notificationJson) => _channel.Send(notificationJson);
}
