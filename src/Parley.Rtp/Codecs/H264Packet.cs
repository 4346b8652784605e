using System.Buffers.Binary;

namespace Parley.Rtp.Codecs;

/// <summary>
/// What an H.264 RTP payload in packetization-mode 1 (RFC 6184) carries: a single NAL unit, an STAP-A
/// aggregate or an FU-A fragment, and whether it starts a key frame (an IDR slice, or an SPS, which encoders
/// send right before an IDR).
/// </summary>
public readonly record struct H264Packet
{
    public const byte StapA = 24;
    public const byte FuA = 28;
    public const byte IdrSlice = 5;
    public const byte SequenceParameterSet = 7;
    public const byte PictureParameterSet = 8;

    /// <summary>The NAL unit type of the RTP payload's first byte: 1–23, <see cref="StapA"/> or <see cref="FuA"/>.</summary>
    public byte PacketType { get; init; }

    /// <summary>The type of the (first) NAL unit carried: the single NAL's, the first aggregated one's, or the fragmented one's.</summary>
    public byte NalUnitType { get; init; }

    /// <summary>FU-A: the S bit (first fragment). True for single NAL units and STAP-A.</summary>
    public bool IsFragmentStart { get; init; }

    /// <summary>FU-A: the E bit (last fragment). True for single NAL units and STAP-A.</summary>
    public bool IsFragmentEnd { get; init; }

    public bool ContainsIdr { get; init; }

    public bool ContainsSps { get; init; }

    public bool ContainsPps { get; init; }

    /// <summary>An IDR slice starts here or an SPS is present.</summary>
    public bool IsKeyFrame => ContainsIdr || ContainsSps;

    // https://www.rfc-editor.org/rfc/rfc6184#section-5.6 (single NAL), #section-5.7.1 (STAP-A), #section-5.8 (FU-A)
    /// <summary>
    /// Parses <paramref name="payload"/>; never throws. False for an empty payload, the forbidden bit set, types
    /// that mode 1 does not allow (STAP-B, MTAP, FU-B, 0, 30, 31), a truncated FU header, or an STAP-A whose
    /// sizes do not fit. An FU-A continuation fragment reports its NAL type but never a key frame.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out H264Packet packet)
    {
        packet = default;
        if (payload.IsEmpty || (payload[0] & 0x80) != 0)
        {
            return false;
        }

        var type = (byte)(payload[0] & 0x1F);
        switch (type)
        {
            case >= 1 and <= 23:
                packet = Single(type);
                return true;
            case StapA:
                return TryParseStapA(payload, out packet);
            case FuA:
                if (payload.Length < 3)
                {
                    return false;
                }

                var fuHeader = payload[1];
                var nalType = (byte)(fuHeader & 0x1F);
                var start = (fuHeader & 0x80) != 0;
                packet = new H264Packet
                {
                    PacketType = FuA,
                    NalUnitType = nalType,
                    IsFragmentStart = start,
                    IsFragmentEnd = (fuHeader & 0x40) != 0,
                    ContainsIdr = start && nalType == IdrSlice,
                    ContainsSps = start && nalType == SequenceParameterSet,
                    ContainsPps = start && nalType == PictureParameterSet,
                };
                return true;
            default:
                return false;
        }
    }

    private static H264Packet Single(byte type) => new()
    {
        PacketType = type,
        NalUnitType = type,
        IsFragmentStart = true,
        IsFragmentEnd = true,
        ContainsIdr = type == IdrSlice,
        ContainsSps = type == SequenceParameterSet,
        ContainsPps = type == PictureParameterSet,
    };

    private static bool TryParseStapA(ReadOnlySpan<byte> payload, out H264Packet packet)
    {
        packet = default;
        var position = 1;
        byte first = 0;
        bool idr = false, sps = false, pps = false;
        var count = 0;
        while (position < payload.Length)
        {
            if (position + 2 > payload.Length)
            {
                return false;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(payload[position..]);
            position += 2;
            if (size == 0 || position + size > payload.Length)
            {
                return false;
            }

            var nalType = (byte)(payload[position] & 0x1F);
            if (count++ == 0)
            {
                first = nalType;
            }

            idr |= nalType == IdrSlice;
            sps |= nalType == SequenceParameterSet;
            pps |= nalType == PictureParameterSet;
            position += size;
        }

        if (count == 0)
        {
            return false;
        }

        packet = new H264Packet
        {
            PacketType = StapA,
            NalUnitType = first,
            IsFragmentStart = true,
            IsFragmentEnd = true,
            ContainsIdr = idr,
            ContainsSps = sps,
            ContainsPps = pps,
        };
        return true;
    }
}
