namespace Parley.Rtp.Codecs;

/// <summary>
/// The VP9 payload descriptor at the start of an RTP payload (RFC 9628 §4.2), flexible or non-flexible mode,
/// with the scalability structure skipped over (only its length is needed to find the VP9 frame). A plain value:
/// it records offsets into the payload it was parsed from, so <see cref="RewritePictureId"/> and
/// <see cref="RewriteTl0PicIdx"/> can edit that payload in place.
/// </summary>
public readonly record struct Vp9PayloadDescriptor : IPictureIdDescriptor
{
    public int Length { get; init; }

    /// <summary>P: the frame is inter-predicted (not a key frame on its spatial layer).</summary>
    public bool InterPicturePredicted { get; init; }

    /// <summary>F: flexible mode (reference indices in the descriptor) rather than non-flexible (TL0PICIDX).</summary>
    public bool FlexibleMode { get; init; }

    /// <summary>B: first packet of a layer frame.</summary>
    public bool StartOfFrame { get; init; }

    /// <summary>E: last packet of a layer frame.</summary>
    public bool EndOfFrame { get; init; }

    /// <summary>V: a scalability structure is present.</summary>
    public bool HasScalabilityStructure { get; init; }

    /// <summary>Z: not used for inter-layer prediction by the next spatial layer.</summary>
    public bool NotUpswitchReference { get; init; }

    public bool HasPictureId { get; init; }

    /// <summary>7 or 15; 0 without a picture id.</summary>
    public int PictureIdBits { get; init; }

    public int PictureId { get; init; }

    public bool HasLayerIndices { get; init; }

    public int TemporalLayerId { get; init; }

    public bool SwitchingUpPoint { get; init; }

    public int SpatialLayerId { get; init; }

    /// <summary>D: depends on the spatial layer below in the same picture.</summary>
    public bool InterLayerDependency { get; init; }

    public bool HasTl0PicIdx { get; init; }

    public byte Tl0PicIdx { get; init; }

    /// <summary>Offset of the picture id's first byte in the payload; -1 without one.</summary>
    public int PictureIdOffset { get; init; }

    /// <summary>Offset of TL0PICIDX in the payload (non-flexible mode with layer indices); -1 without one.</summary>
    public int Tl0PicIdxOffset { get; init; }

    /// <summary>Start of a frame with P=0 on spatial layer 0: decodable on its own.</summary>
    public bool IsKeyFrame => StartOfFrame && !InterPicturePredicted && SpatialLayerId == 0;

    // https://www.rfc-editor.org/rfc/rfc9628#section-4.2 (descriptor) and #section-4.2.1 (scalability structure)
    /// <summary>Parses the descriptor at the start of <paramref name="payload"/>; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var first = payload[0];
        var result = new Vp9PayloadDescriptor
        {
            InterPicturePredicted = (first & 0x40) != 0,
            FlexibleMode = (first & 0x10) != 0,
            StartOfFrame = (first & 0x08) != 0,
            EndOfFrame = (first & 0x04) != 0,
            HasScalabilityStructure = (first & 0x02) != 0,
            NotUpswitchReference = (first & 0x01) != 0,
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

        if ((first & 0x20) != 0)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            var layers = payload[position++];
            result = result with
            {
                HasLayerIndices = true,
                TemporalLayerId = layers >> 5,
                SwitchingUpPoint = (layers & 0x10) != 0,
                SpatialLayerId = (layers >> 1) & 0x07,
                InterLayerDependency = (layers & 0x01) != 0,
            };
            if (!result.FlexibleMode)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                result = result with { HasTl0PicIdx = true, Tl0PicIdx = payload[position], Tl0PicIdxOffset = position };
                position++;
            }
        }

        if (result.FlexibleMode && result.InterPicturePredicted)
        {
            // Up to three P_DIFF bytes; N=1 means another follows.
            var diffs = 0;
            bool more;
            do
            {
                if (position >= payload.Length || ++diffs > 3)
                {
                    return false;
                }

                more = (payload[position++] & 0x01) != 0;
            }
            while (more);
        }

        if (result.HasScalabilityStructure && !TrySkipScalabilityStructure(payload, ref position))
        {
            return false;
        }

        if (position > payload.Length)
        {
            return false;
        }

        descriptor = result with { Length = position };
        return true;
    }

    /// <summary>
    /// Writes <paramref name="pictureId"/> into the picture id field of <paramref name="payload"/> (the payload
    /// this descriptor was parsed from), keeping the field's width. Does nothing when there is no picture id.
    /// </summary>
    public void RewritePictureId(Span<byte> payload, int pictureId)
    {
        if (HasPictureId)
        {
            PictureIdField.Write(payload, PictureIdOffset, PictureIdBits, pictureId);
        }
    }

    /// <summary>Writes <paramref name="tl0PicIdx"/> into the TL0PICIDX field; does nothing when there is none.</summary>
    public void RewriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx)
    {
        if (HasTl0PicIdx)
        {
            payload[Tl0PicIdxOffset] = tl0PicIdx;
        }
    }

    private static bool TrySkipScalabilityStructure(ReadOnlySpan<byte> payload, ref int position)
    {
        if (position >= payload.Length)
        {
            return false;
        }

        var header = payload[position++];
        var spatialLayers = (header >> 5) + 1;
        if ((header & 0x10) != 0)
        {
            position += 4 * spatialLayers; // WIDTH and HEIGHT, 16 bits each, per spatial layer
        }

        if ((header & 0x08) != 0)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            var pictureGroups = payload[position++];
            for (var i = 0; i < pictureGroups; i++)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                var references = (payload[position++] >> 2) & 0x03;
                position += references;
            }
        }

        return position <= payload.Length;
    }
}
