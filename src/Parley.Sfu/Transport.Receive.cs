using Parley.Rtp;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Forwarding;

namespace Parley.Sfu;

// The receive side: RTP from publishers, RTCP from either side.
public sealed partial class Transport
{
    /// <summary>
    /// One plaintext RTP packet from the peer (wired to the WebRTC transport's RTP event). The span is copied
    /// into this transport's receive buffer; bad packets are dropped and counted, never thrown.
    /// </summary>
    public void ReceiveRtp(ReadOnlySpan<byte> packet)
    {
        if (_disposed)
        {
            return;
        }

        lock (_receiveLock)
        {
            _rtpPacketsReceived++;
            _rtpBytesReceived += packet.Length;
            _bitrateWindowBytesIn += packet.Length;
            if (packet.Length > _receiveBuffer.Length)
            {
                _tooLarge++;
                return;
            }

            var length = packet.Length;
            packet.CopyTo(_receiveBuffer);
            if (!RtpPacket.TryParse(_receiveBuffer.AsSpan(0, length), out var rtp))
            {
                _malformedRtp++;
                return;
            }

            RecordArrival(rtp, Time.GetTimestamp());
            if (!Volatile.Read(ref _ssrcTable).TryGetValue(rtp.Ssrc, out var binding) && !TryBind(rtp, out binding))
            {
                _unknownSsrc++;
                return;
            }

            var stream = binding.Stream;
            if (binding.IsRtx)
            {
                if (!stream.HasSsrc)
                {
                    _unknownSsrc++; // RTX of a layer whose media SSRC is not known yet
                    return;
                }

                if (!RtxPacketizer.TryUnwrap(_receiveBuffer, length, stream.Ssrc, stream.Producer.Codec.PayloadType, out length))
                {
                    _paddingOnly++;
                    return;
                }

                if (!RtpPacket.TryParse(_receiveBuffer.AsSpan(0, length), out rtp))
                {
                    _malformedRtp++;
                    return;
                }
            }
            else if (rtp.Payload.IsEmpty)
            {
                // Padding-only probes on the media SSRC carry nothing to forward.
                _paddingOnly++;
                return;
            }

            stream.OnPacket(rtp, binding.IsRtx);
        }
    }

    /// <summary>
    /// One plaintext (compound) RTCP packet from the peer. Feedback about consumers (NACK, PLI, FIR) is answered
    /// here; the rest feeds the transport's RTCP state. Malformed datagrams are dropped and counted.
    /// </summary>
    public void ReceiveRtcp(ReadOnlySpan<byte> packet)
    {
        if (_disposed)
        {
            return;
        }

        if (!RtcpCompound.TryValidate(packet, out var count))
        {
            Interlocked.Increment(ref _malformedRtcp);
            return;
        }

        Interlocked.Add(ref _rtcpPacketsReceived, count);
        var consumers = Volatile.Read(ref _consumersBySsrc);
        var now = Time.GetTimestamp();
        foreach (var rtcp in RtcpCompound.Enumerate(packet))
        {
            if (RtcpGenericNack.TryParse(rtcp, out var nack))
            {
                if (consumers.TryGetValue(nack.MediaSsrc, out var consumer))
                {
                    consumer.OnNack(nack);
                }
            }
            else if (RtcpPictureLossIndication.TryParse(rtcp, out var pli))
            {
                if (consumers.TryGetValue(pli.MediaSsrc, out var consumer))
                {
                    consumer.OnKeyFrameRequest(fullIntraRequest: false);
                }
            }
            else if (RtcpFullIntraRequest.TryParse(rtcp, out var fir))
            {
                for (var i = 0; i < fir.EntryCount; i++)
                {
                    if (consumers.TryGetValue(fir.GetEntry(i).Ssrc, out var consumer))
                    {
                        consumer.OnKeyFrameRequest(fullIntraRequest: true);
                    }
                }
            }
            else
            {
                ReceiveReports(rtcp, now);
            }
        }
    }

    /// <summary>
    /// Binds an SSRC seen for the first time: the mid extension names the producer, the rid extension a layer and
    /// the repaired-rid extension the RTX of a layer. Without a mid extension, a producer whose payload type (or
    /// RTX payload type) matches and that has an unbound encoding is taken when it is the only candidate.
    /// </summary>
    private bool TryBind(RtpPacket rtp, out SsrcBinding binding)
    {
        binding = default;
        var producer = FindProducerFor(rtp);
        if (producer is null)
        {
            return false;
        }

        var ids = producer.HeaderExtensions;
        ProducerStream? stream = null;
        var isRtx = false;
        if (ids.RepairedRid != 0 && rtp.TryGetExtension(ids.RepairedRid, out var repairedRid))
        {
            stream = FindStreamByRid(producer, repairedRid);
            isRtx = true;
        }
        else if (ids.Rid != 0 && rtp.TryGetExtension(ids.Rid, out var rid))
        {
            stream = FindStreamByRid(producer, rid);
        }
        else if (producer.LayerCount == 1)
        {
            stream = producer.Streams[0];
            isRtx = producer.Codec.RtxPayloadType == rtp.PayloadType && rtp.PayloadType != producer.Codec.PayloadType;
        }

        if (stream is null || (isRtx ? stream.HasRtxSsrc : stream.HasSsrc))
        {
            return false;
        }

        lock (_tableLock)
        {
            if (producer.IsClosed || _ssrcTable.ContainsKey(rtp.Ssrc))
            {
                return false;
            }

            if (isRtx)
            {
                stream.BindRtxSsrc(rtp.Ssrc);
            }
            else
            {
                stream.BindSsrc(rtp.Ssrc);
            }

            binding = new SsrcBinding(stream, isRtx);
            _ssrcTable = new Dictionary<uint, SsrcBinding>(_ssrcTable) { [rtp.Ssrc] = binding };
        }

        SfuLog.SsrcBound(Router.Logger, producer.Id, rtp.Ssrc, stream.Layer, isRtx);
        if (isRtx && !stream.HasSsrc)
        {
            // RTX before any media packet of the layer: the original SSRC is unknown, so it cannot be unwrapped yet.
            return false;
        }

        if (!isRtx)
        {
            producer.OnStreamBound(stream);
        }

        return true;
    }

    private Producer? FindProducerFor(RtpPacket rtp)
    {
        var producers = Volatile.Read(ref _producers);
        Producer? candidate = null;
        var candidates = 0;
        foreach (var producer in producers)
        {
            var midId = producer.HeaderExtensions.Mid;
            if (midId != 0 && producer.MidBytes.Length > 0 && rtp.TryGetExtension(midId, out var mid))
            {
                if (mid.SequenceEqual(producer.MidBytes))
                {
                    return producer;
                }

                continue;
            }

            if (rtp.PayloadType == producer.Codec.PayloadType || rtp.PayloadType == producer.Codec.RtxPayloadType)
            {
                candidate = producer;
                candidates++;
            }
        }

        return candidates == 1 ? candidate : null;
    }

    private static ProducerStream? FindStreamByRid(Producer producer, ReadOnlySpan<byte> rid)
    {
        foreach (var stream in producer.Streams)
        {
            if (stream.Rid is { } name && name.Length == rid.Length && System.Text.Ascii.Equals(rid, name))
            {
                return stream;
            }
        }

        return null;
    }
}
