using System.Buffers.Binary;
using Parley.Rtp;
using Parley.Rtp.Codecs;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Forwarding;

namespace Parley.Sfu;

// The send side: every packet leaves through the send scratch buffer under the send lock.
public sealed partial class Transport
{
    /// <summary>
    /// Builds the consumer's copy of <paramref name="source"/> (a packet in the publisher transport's receive
    /// buffer) in this transport's send buffer and sends it. Returns the bytes sent, 0 when not sent.
    /// Called under the consumer's lock.
    /// </summary>
    internal int SendForwarded(Consumer consumer, RtpPacket source, in RtpRewriteResult output)
    {
        lock (_sendLock)
        {
            var length = BuildOutgoing(consumer, source, output.SequenceNumber, output.Timestamp, output.PictureId, output.Tl0PicIdx);
            return SendRtpLocked(length);
        }
    }

    /// <summary>
    /// Rebuilds the output packet described by <paramref name="entry"/> from <paramref name="stream"/>'s cache and
    /// sends it again, as RTX when the consumer negotiated it. Returns the bytes sent, 0 when the packet is gone.
    /// Called under the consumer's lock; takes the stream's lock only while copying from its cache.
    /// </summary>
    internal int SendRetransmission(Consumer consumer, ProducerStream stream, in SequencerEntry entry)
    {
        lock (_sendLock)
        {
            int length;
            lock (stream.SyncRoot)
            {
                if (!stream.Cache.TryGet(entry.InputSequenceNumber, out var cached) || !RtpPacket.TryParse(cached, out var source))
                {
                    return 0;
                }

                length = BuildOutgoing(consumer, source, entry.OutputSequenceNumber, entry.OutputTimestamp, entry.PictureId, entry.Tl0PicIdx);
            }

            if (consumer.Rtx is { } rtx)
            {
                length = rtx.Wrap(_sendBuffer, length);
                if (length < 0)
                {
                    return 0;
                }
            }

            return SendRtpLocked(length);
        }
    }

    /// <summary>A PLI (or FIR) to the publisher on this transport for <paramref name="mediaSsrc"/>.</summary>
    internal bool SendKeyFrameRequest(uint mediaSsrc, bool fullIntraRequest, byte firSequenceNumber)
    {
        lock (_sendLock)
        {
            var length = fullIntraRequest
                ? RtcpFullIntraRequest.Write(_sendBuffer, RtcpSsrc, [new RtcpFullIntraRequestEntry(mediaSsrc, firSequenceNumber)])
                : RtcpPictureLossIndication.Write(_sendBuffer, RtcpSsrc, mediaSsrc);
            return SendRtcpLocked(length);
        }
    }

    /// <summary>Sends <c>_sendBuffer[..length]</c> as RTCP; the caller holds the send lock.</summary>
    private bool SendRtcpLocked(int length)
    {
        var sent = _link.SendRtcp(_sendBuffer.AsSpan(0, length));
        if (sent)
        {
            _rtcpPacketsSent++;
        }
        else
        {
            _sendFailures++;
        }

        return sent;
    }

    private int SendRtpLocked(int length)
    {
        // The link copies (and encrypts) during the call; the buffer is ours again when it returns.
        RecordSentLocked(length);
        if (!_link.SendRtp(_sendBuffer.AsSpan(0, length)))
        {
            _sendFailures++;
            return 0;
        }

        _rtpPacketsSent++;
        _rtpBytesSent += length;
        _bitrateWindowBytesOut += length;
        return length;
    }

    /// <summary>
    /// Writes the consumer's version of <paramref name="source"/> into the send buffer: the consumer's SSRC and
    /// payload type, the rewritten numbers, a one-byte extension block with this transport's ids (mid, abs-send-time
    /// stamped now, transport-wide sequence number, audio level and video orientation copied), the payload without
    /// padding, and the VP8 picture id / TL0PICIDX rewritten in place. Returns the length. Caller holds the send lock.
    /// </summary>
    private int BuildOutgoing(Consumer consumer, RtpPacket source, ushort sequenceNumber, uint timestamp, int pictureId, int tl0PicIdx)
    {
        var writer = new RtpPacketWriter(_sendBuffer, consumer.PayloadType, sequenceNumber, timestamp, consumer.Ssrc, source.Marker);
        for (var i = 0; i < source.CsrcCount; i++)
        {
            writer.AddCsrc(source.GetCsrc(i));
        }

        var outIds = consumer.HeaderExtensions;
        var inIds = consumer.Producer.HeaderExtensions;
        if (outIds.Mid != 0 && consumer.MidBytes.Length > 0)
        {
            writer.AddExtension(outIds.Mid, consumer.MidBytes);
        }

        Span<byte> scratch = stackalloc byte[3];
        if (outIds.AbsSendTime != 0)
        {
            WriteAbsSendTime(scratch);
            writer.AddExtension(outIds.AbsSendTime, scratch[..3]);
        }

        if (outIds.TransportCc != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(scratch, ++_transportSequenceNumber);
            _lastSendStamped = true;
            writer.AddExtension(outIds.TransportCc, scratch[..2]);
        }

        if (outIds.AudioLevel != 0 && inIds.AudioLevel != 0 && source.TryGetExtension(inIds.AudioLevel, out var level) && !level.IsEmpty)
        {
            writer.AddExtension(outIds.AudioLevel, level[..1]);
        }

        if (outIds.VideoOrientation != 0 && inIds.VideoOrientation != 0 && source.TryGetExtension(inIds.VideoOrientation, out var orientation) && !orientation.IsEmpty)
        {
            writer.AddExtension(outIds.VideoOrientation, orientation[..1]);
        }

        var payload = writer.BeginPayload(source.Payload.Length);
        source.Payload.CopyTo(payload);
        if (pictureId >= 0 || tl0PicIdx >= 0)
        {
            RewritePictureIds(consumer.PayloadCodec, payload, pictureId, tl0PicIdx);
        }

        return writer.Length;
    }

    // VP8 (RFC 7741 §4.2) and VP9 (RFC 9628 §4.2) carry a picture id and TL0PICIDX that must stay continuous for
    // the receiver across layer switches and republishing; the rewriter chose the values, this writes them.
    // A value of -1 leaves the field as the publisher sent it.
    private static void RewritePictureIds(PayloadCodec codec, Span<byte> payload, int pictureId, int tl0PicIdx)
    {
        if (codec == PayloadCodec.Vp8 && Vp8PayloadDescriptor.TryParse(payload, out var vp8))
        {
            Rewrite(vp8, payload, pictureId, tl0PicIdx);
        }
        else if (codec == PayloadCodec.Vp9 && Vp9PayloadDescriptor.TryParse(payload, out var vp9))
        {
            Rewrite(vp9, payload, pictureId, tl0PicIdx);
        }
    }

    private static void Rewrite<TDescriptor>(in TDescriptor descriptor, Span<byte> payload, int pictureId, int tl0PicIdx)
        where TDescriptor : struct, IPictureIdDescriptor
    {
        if (pictureId >= 0)
        {
            descriptor.RewritePictureId(payload, pictureId);
        }

        if (tl0PicIdx >= 0)
        {
            descriptor.RewriteTl0PicIdx(payload, (byte)tl0PicIdx);
        }
    }

    // http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time: 24-bit 6.18 fixed-point seconds.
    private void WriteAbsSendTime(Span<byte> destination)
    {
        var timestamp = Time.GetTimestamp();
        var frequency = Time.TimestampFrequency;
        var seconds = timestamp / frequency;
        var fraction = (timestamp % frequency) * (1L << 18) / frequency;
        var value = (uint)(((seconds << 18) | fraction) & 0xFFFFFF);
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
