using System.Buffers.Binary;

namespace Parley.Rtp;

/// <summary>
/// Builds an RTP packet into a caller-owned span, in wire order: fixed header (constructor), CSRCs,
/// header-extension elements, payload, padding. Keep it in a local variable: it is a mutable ref struct.
/// Misuse (wrong order, ids or sizes out of range, buffer too small) throws.
/// </summary>
public ref struct RtpPacketWriter
{
    private const int MaxOneByteId = 14;

    private readonly Span<byte> _buffer;
    private int _position;
    private Stage _stage;
    private int _extensionStart;
    private RtpHeaderExtensionForm _extensionForm;

    public RtpPacketWriter(Span<byte> destination, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false)
    {
        if (destination.Length < RtpPacket.FixedHeaderLength)
        {
            throw new ArgumentException("An RTP packet needs at least 12 bytes.", nameof(destination));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        _buffer = destination;
        destination[0] = 0x80; // version 2, no padding, no extension, no CSRCs yet
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        _position = RtpPacket.FixedHeaderLength;
        _stage = Stage.Csrcs;
        _extensionStart = -1;
        _extensionForm = RtpHeaderExtensionForm.OneByte;
    }

    private enum Stage
    {
        Csrcs,
        Extensions,
        Payload,
        Done,
    }

    public readonly int Length => _position;

    /// <summary>The packet so far; complete once the payload was written.</summary>
    public readonly Span<byte> Written => _buffer[.._position];

    public void AddCsrc(uint csrc)
    {
        if (_stage != Stage.Csrcs || (_buffer[0] & 0x0F) == 15)
        {
            throw new InvalidOperationException("CSRCs (at most 15) come before extensions and payload.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(Take(4), csrc);
        _buffer[0]++;
    }

    /// <summary>
    /// Chooses the extension encoding; call before the first <see cref="AddExtension"/> if any element needs
    /// the two-byte form (id above 14, or empty or longer than 16 bytes). One-byte is the default.
    /// </summary>
    public void UseExtensionForm(RtpHeaderExtensionForm form)
    {
        if (_extensionStart >= 0)
        {
            throw new InvalidOperationException("The extension form is fixed once an element was written.");
        }

        _extensionForm = form;
    }

    // https://www.rfc-editor.org/rfc/rfc8285#section-4
    /// <summary>Appends one extension element with local id <paramref name="id"/>.</summary>
    public void AddExtension(byte id, scoped ReadOnlySpan<byte> data)
    {
        if (_stage > Stage.Extensions)
        {
            throw new InvalidOperationException("Extensions come before the payload.");
        }

        if (_extensionForm == RtpHeaderExtensionForm.OneByte && (id is 0 or > MaxOneByteId || data.Length is 0 or > 16))
        {
            throw new ArgumentException("One-byte extensions need id 1–14 and 1–16 bytes of data.", nameof(id));
        }

        if (_extensionForm == RtpHeaderExtensionForm.TwoByte && (id == 0 || data.Length > 255))
        {
            throw new ArgumentException("Two-byte extensions need id 1–255 and at most 255 bytes of data.", nameof(id));
        }

        if (_extensionStart < 0)
        {
            _extensionStart = _position;
            var header = Take(4);
            BinaryPrimitives.WriteUInt16BigEndian(header, _extensionForm == RtpHeaderExtensionForm.OneByte ? RtpPacket.OneByteExtensionProfile : (ushort)0x1000);
            _buffer[0] |= 0x10;
        }

        _stage = Stage.Extensions;
        if (_extensionForm == RtpHeaderExtensionForm.OneByte)
        {
            var element = Take(1 + data.Length);
            element[0] = (byte)((id << 4) | (data.Length - 1));
            data.CopyTo(element[1..]);
        }
        else
        {
            var element = Take(2 + data.Length);
            element[0] = id;
            element[1] = (byte)data.Length;
            data.CopyTo(element[2..]);
        }
    }

    /// <summary>Closes the header (padding the extension block to 32 bits) and appends the payload.</summary>
    public void WritePayload(scoped ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(BeginPayload(payload.Length));
    }

    /// <summary>
    /// Closes the header and reserves <paramref name="length"/> payload bytes for the caller to fill in
    /// place (e.g. an encoder writing straight into the packet buffer).
    /// </summary>
    public Span<byte> BeginPayload(int length)
    {
        if (_stage > Stage.Extensions)
        {
            throw new InvalidOperationException("The payload was already written.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(length);
        CloseExtensionBlock();
        _stage = Stage.Payload;
        return Take(length);
    }

    // https://www.rfc-editor.org/rfc/rfc3550#section-5.1 (P bit)
    /// <summary>Appends <paramref name="count"/> padding bytes (1–255, last one holds the count) and sets P.</summary>
    public void AddPadding(int count)
    {
        if (count is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Padding is 1–255 bytes.");
        }

        if (_stage != Stage.Payload)
        {
            throw new InvalidOperationException("Padding follows the payload.");
        }

        var padding = Take(count);
        padding.Clear();
        padding[^1] = (byte)count;
        _buffer[0] |= 0x20;
        _stage = Stage.Done;
    }

    private void CloseExtensionBlock()
    {
        if (_extensionStart < 0)
        {
            return;
        }

        var dataLength = _position - _extensionStart - 4;
        var padded = (dataLength + 3) & ~3;
        Take(padded - dataLength).Clear();
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_extensionStart + 2)..], (ushort)(padded / 4));
    }

    private Span<byte> Take(int count)
    {
        if (_position + count > _buffer.Length)
        {
            throw new ArgumentException("The destination buffer is too small for this packet.");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
