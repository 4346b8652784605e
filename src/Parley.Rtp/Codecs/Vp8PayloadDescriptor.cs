namespace Parley.Rtp.Codecs;

/// <summary>
/// The VP8 payload descriptor at the start of an RTP payload (RFC 7741 §4.2), plus the key-frame bit of the
/// VP8 payload header that follows it (§4.3). A plain value: it records offsets into the payload it was parsed
/// from, so <see cref="RewritePictureId"/> and <see cref="RewriteTl0PicIdx"/> can edit that payload in place.
/// </summary>
public readonly record struct Vp8PayloadDescriptor : IPictureIdDescriptor
{
    /// <summary>The descriptor's length in bytes: where the VP8 payload header starts.</summary>
    public int Length { get; init; }

    /// <summary>N: the frame is not used as a reference and may be discarded.</summary>
    public bool NonReference { get; init; }

    /// <summary>S: this packet starts a VP8 partition.</summary>
    public bool StartOfPartition { get; init; }

    /// <summary>PID: the partition index (0–7).</summary>
    public int PartitionIndex { get; init; }

    /// <summary>S=1 and PID=0: the first packet of a frame.</summary>
    public bool IsStartOfFrame => StartOfPartition && PartitionIndex == 0;

    /// <summary>True on the first packet of a key frame (start of frame and P=0 in the VP8 payload header).</summary>
    public bool IsKeyFrame { get; init; }

    public bool HasPictureId { get; init; }

    /// <summary>7 or 15 (M bit); 0 without a picture id.</summary>
    public int PictureIdBits { get; init; }

    public int PictureId { get; init; }

    public bool HasTl0PicIdx { get; init; }

    public byte Tl0PicIdx { get; init; }

    /// <summary>T or K present: the TID/Y/KEYIDX byte exists.</summary>
    public bool HasTidOrKeyIdx { get; init; }

    /// <summary>TID (temporal layer index, 0–3); 0 when T is not set.</summary>
    public int TemporalLayerId { get; init; }

    /// <summary>Y: the frame depends only on the base temporal layer (a temporal up-switch point).</summary>
    public bool LayerSync { get; init; }

    /// <summary>Offset of the picture id's first byte in the payload; -1 without one.</summary>
    public int PictureIdOffset { get; init; }

    /// <summary>Offset of TL0PICIDX in the payload; -1 without one.</summary>
    public int Tl0PicIdxOffset { get; init; }

    // https://www.rfc-editor.org/rfc/rfc7741#section-4.2 (descriptor) and #section-4.3 (payload header, P bit)
    /// <summary>
    /// Parses the descriptor at the start of <paramref name="payload"/>; never throws. False when the payload is
    /// empty, a flagged field runs past the end, or nothing follows the descriptor.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var first = payload[0];
        var result = new Vp8PayloadDescriptor
        {
            NonReference = (first & 0x20) != 0,
            StartOfPartition = (first & 0x10) != 0,
            PartitionIndex = first & 0x07,
            PictureIdOffset = -1,
            Tl0PicIdxOffset = -1,
        };
        var position = 1;
        if ((first & 0x80) != 0)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            var extension = payload[position++];
            if ((extension & 0x80) != 0)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                var wide = (payload[position] & 0x80) != 0;
                if (wide && position + 1 >= payload.Length)
                {
                    return false;
                }

                result = result with
                {
                    HasPictureId = true,
                    PictureIdBits = wide ? 15 : 7,
                    PictureId = wide ? ((payload[position] & 0x7F) << 8) | payload[position + 1] : payload[position] & 0x7F,
                    PictureIdOffset = position,
                };
                position += wide ? 2 : 1;
            }

            if ((extension & 0x40) != 0)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                result = result with { HasTl0PicIdx = true, Tl0PicIdx = payload[position], Tl0PicIdxOffset = position };
                position++;
            }

            if ((extension & 0x30) != 0)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                var tidByte = payload[position++];
                result = result with
                {
                    HasTidOrKeyIdx = true,
                    TemporalLayerId = (extension & 0x20) != 0 ? tidByte >> 6 : 0,
                    LayerSync = (extension & 0x20) != 0 && (tidByte & 0x20) != 0,
                };
            }
        }

        if (position >= payload.Length)
        {
            return false;
        }

        // The P bit (inverse key frame flag) is only meaningful in the first partition's first packet.
        descriptor = result with
        {
            Length = position,
            IsKeyFrame = result.IsStartOfFrame && (payload[position] & 0x01) == 0,
        };
        return true;
    }

    /// <summary>
    /// Writes <paramref name="pictureId"/> into the picture id field of <paramref name="payload"/> (the payload
    /// this descriptor was parsed from), keeping the field's width: the value is taken modulo 2^7 or 2^15.
    /// Does nothing when there is no picture id.
    /// </summary>
    public void RewritePictureId(Span<byte> payload, int pictureId)
    {
        if (!HasPictureId)
        {
            return;
        }

        PictureIdField.Write(payload, PictureIdOffset, PictureIdBits, pictureId);
    }

    /// <summary>Writes <paramref name="tl0PicIdx"/> into the TL0PICIDX field; does nothing when there is none.</summary>
    public void RewriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx)
    {
        if (HasTl0PicIdx)
        {
            payload[Tl0PicIdxOffset] = tl0PicIdx;
        }
    }
}
