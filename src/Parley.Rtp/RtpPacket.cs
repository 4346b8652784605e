using System.Buffers.Binary;

namespace Parley.Rtp;

/// <summary>
/// A parsed RTP packet: a view over the caller's buffer (the caller owns it and must keep it alive while the
/// view is used). The setters rewrite the header in place, which is what an SFU does when it forwards a
/// stream under its own SSRC, payload type and sequence space. Allocation-free.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;
    public const ushort OneByteExtensionProfile = 0xBEDE;

    private readonly Span<byte> _packet;
    private readonly int _headerLength;
    private readonly int _paddingLength;

    private RtpPacket(Span<byte> packet, int headerLength, int paddingLength)
    {
        _packet = packet;
        _headerLength = headerLength;
        _paddingLength = paddingLength;
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-5.1 (fixed header) and #section-5.3.1 (extension)
    /// <summary>
    /// Parses <paramref name="packet"/> (the whole datagram); never throws. Rejects: fewer than 12 bytes,
    /// version other than 2, CSRCs or header extension running past the end, a padding count of zero or
    /// larger than what follows the header. RTP carries no length field, so a packet cut short after its
    /// header parses as a packet with a shorter payload.
    /// </summary>
    public static bool TryParse(Span<byte> packet, out RtpPacket rtp)
    {
        rtp = default;
        if (!TryGetHeaderLength(packet, out var headerLength))
        {
            return false;
        }

        var paddingLength = 0;
        if ((packet[0] & 0x20) != 0)
        {
            paddingLength = packet[^1];
            if (paddingLength == 0 || headerLength + paddingLength > packet.Length)
            {
                return false;
            }
        }

        rtp = new RtpPacket(packet, headerLength, paddingLength);
        return true;
    }

    /// <summary>
    /// Header length (fixed header, CSRCs and extension) without building a view; for SRTP, which must know
    /// where the encrypted payload starts. Same validation as <see cref="TryParse"/> minus padding.
    /// </summary>
    public static bool TryGetHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedHeaderLength || (packet[0] >> 6) != 2)
        {
            return false;
        }

        var length = FixedHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (length + 4 > packet.Length)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    /// <summary>Maps an extension profile to its RFC 8285 form; false for other (profile-specific) extensions.</summary>
    public static bool TryGetExtensionForm(ushort profile, out RtpHeaderExtensionForm form)
    {
        form = profile == OneByteExtensionProfile ? RtpHeaderExtensionForm.OneByte : RtpHeaderExtensionForm.TwoByte;
        return profile == OneByteExtensionProfile || (profile & 0xFFF0) == 0x1000;
    }

    /// <summary>The whole packet.</summary>
    public Span<byte> Raw => _packet;

    public int Version => _packet[0] >> 6;

    public bool HasPadding => (_packet[0] & 0x20) != 0;

    public bool HasExtension => (_packet[0] & 0x10) != 0;

    public int CsrcCount => _packet[0] & 0x0F;

    public bool Marker
    {
        get => (_packet[1] & 0x80) != 0;
        set => _packet[1] = (byte)(value ? _packet[1] | 0x80 : _packet[1] & 0x7F);
    }

    /// <summary>7-bit payload type; setting it keeps the marker bit.</summary>
    public byte PayloadType
    {
        get => (byte)(_packet[1] & 0x7F);
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (byte)127);
            _packet[1] = (byte)((_packet[1] & 0x80) | value);
        }
    }

    public ushort SequenceNumber
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_packet[2..], value);
    }

    public uint Timestamp
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_packet[4..], value);
    }

    public uint Ssrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_packet[8..], value);
    }

    /// <summary>Fixed header + CSRCs + extension: where the payload starts.</summary>
    public int HeaderLength => _headerLength;

    /// <summary>Padding bytes at the end, including the count byte itself (0 when P is clear).</summary>
    public int PaddingLength => _paddingLength;

    /// <summary>The payload between header and padding; writable in place.</summary>
    public Span<byte> Payload => _packet[_headerLength..^_paddingLength];

    /// <summary>The CSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="CsrcCount"/>).</summary>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(FixedHeaderLength + (4 * index))..]);
    }

    private int ExtensionOffset => FixedHeaderLength + (4 * CsrcCount);

    /// <summary>The 16-bit "defined by profile" field (0xBEDE, 0x100X, or another profile); 0 without an extension.</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_packet[ExtensionOffset..]) : (ushort)0;

    /// <summary>The extension block's data (after its 4-byte header); empty without an extension.</summary>
    public Span<byte> ExtensionData => HasExtension ? _packet[(ExtensionOffset + 4).._headerLength] : [];

    /// <summary>RFC 8285 elements; empty for packets without extension or with a non-RFC 8285 profile.</summary>
    public RtpHeaderExtensionEnumerator Extensions => new(ExtensionProfile, ExtensionData);

    /// <summary>Finds the RFC 8285 element with local id <paramref name="id"/>; its data is writable in place.</summary>
    public bool TryGetExtension(byte id, out Span<byte> data)
    {
        foreach (var extension in Extensions)
        {
            if (extension.Id == id)
            {
                data = extension.Data;
                return true;
            }
        }

        data = default;
        return false;
    }
}
