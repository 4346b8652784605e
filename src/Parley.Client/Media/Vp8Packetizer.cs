namespace Parley.Client.Media;

/// <summary>
/// Splits VP8 frames into RTP payloads (RFC 7741): each payload starts with a payload descriptor carrying a
/// 15-bit PictureID, the start-of-partition bit is set on the frame's first packet, and the RTP marker belongs
/// on the last.
/// </summary>
public sealed class Vp8Packetizer
{
    // https://www.rfc-editor.org/rfc/rfc7741#section-4.2 — descriptor: |X|R|N|S|R|PID| then, with X,
    // |I|L|T|K|RSV| and with I, |M| PictureID (7 or 15 bits)|.
    public const int DescriptorLength = 4;

    /// <summary>Default largest payload: keeps packets under common tunnel MTUs after SRTP and IP/UDP overhead.</summary>
    public const int DefaultMaxPayloadLength = 1200;

    private readonly int _maxPayloadLength;
    private ushort _pictureId;

    /// <param name="maxPayloadLength">Largest RTP payload (descriptor included), e.g. 1200 to stay under the path MTU.</param>
    public Vp8Packetizer(int maxPayloadLength = DefaultMaxPayloadLength, ushort initialPictureId = 0)
    {
        if (maxPayloadLength <= DescriptorLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPayloadLength), "The payload must hold the descriptor and at least one byte.");
        }

        _maxPayloadLength = maxPayloadLength;
        _pictureId = (ushort)(initialPictureId & 0x7FFF);
    }

    /// <summary>Number of payloads <paramref name="frameLength"/> bytes of frame will need.</summary>
    public int CountPayloads(int frameLength)
    {
        int chunk = _maxPayloadLength - DescriptorLength;
        return Math.Max(1, (frameLength + chunk - 1) / chunk);
    }

    /// <summary>
    /// Writes payload <paramref name="index"/> of <paramref name="frame"/> into <paramref name="destination"/>
    /// and returns its length; <paramref name="isLast"/> tells the caller to set the RTP marker bit.
    /// Call <see cref="NextPicture"/> after the frame's last payload.
    /// </summary>
    public int WritePayload(ReadOnlySpan<byte> frame, int index, Span<byte> destination, out bool isLast)
    {
        int chunk = _maxPayloadLength - DescriptorLength;
        int count = CountPayloads(frame.Length);
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        int offset = index * chunk;
        int length = Math.Min(chunk, frame.Length - offset);
        if (destination.Length < DescriptorLength + length)
        {
            throw new ArgumentException("The destination is too small for the payload.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | (index == 0 ? 0x10 : 0x00)); // X, and S on the first packet, PID 0
        destination[1] = 0x80;                                        // I: PictureID present
        destination[2] = (byte)(0x80 | (_pictureId >> 8));            // M: 15-bit PictureID
        destination[3] = (byte)_pictureId;
        frame.Slice(offset, length).CopyTo(destination[DescriptorLength..]);
        isLast = index == count - 1;
        return DescriptorLength + length;
    }

    /// <summary>Advances the PictureID; call once per frame.</summary>
    public void NextPicture() => _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);

    /// <summary>
    /// True when the VP8 payload (descriptor included) begins a keyframe — used by receivers to count frames.
    /// Never throws on malformed input.
    /// </summary>
    public static bool IsKeyframeStart(ReadOnlySpan<byte> payload)
    {
        if (!TryGetDescriptorLength(payload, out int descriptorLength, out bool startOfPartition) || !startOfPartition)
        {
            return false;
        }

        // https://www.rfc-editor.org/rfc/rfc6386#section-9.1 — frame tag bit 0 is 0 for a keyframe.
        return payload.Length > descriptorLength && (payload[descriptorLength] & 0x01) == 0;
    }

    /// <summary>Parses the payload descriptor length; false when the payload is too short.</summary>
    public static bool TryGetDescriptorLength(ReadOnlySpan<byte> payload, out int length, out bool startOfPartition)
    {
        length = 0;
        startOfPartition = false;
        if (payload.IsEmpty)
        {
            return false;
        }

        int position = 1;
        startOfPartition = (payload[0] & 0x10) != 0 && (payload[0] & 0x07) == 0;
        if ((payload[0] & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte extension = payload[1];
            position = 2;
            if ((extension & 0x80) != 0)
            {
                if (payload.Length <= position)
                {
                    return false;
                }

                position += (payload[position] & 0x80) != 0 ? 2 : 1;
            }

            if ((extension & 0x40) != 0)
            {
                position++;
            }

            if ((extension & 0x30) != 0)
            {
                position++;
            }
        }

        length = position;
        return payload.Length >= position;
    }
}
