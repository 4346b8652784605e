using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Parley.Stun;

/// <summary>
/// Builds a STUN message into a caller-owned span (the caller owns the buffer; the writer only holds a
/// view of it for its lifetime). Add attributes in order, then MESSAGE-INTEGRITY, then FINGERPRINT, then
/// take <see cref="Written"/>. Keep the writer in a local variable: it is a mutable ref struct.
/// Misuse (buffer too small, attributes after FINGERPRINT, out-of-range values) throws
/// <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/>.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _position;
    private bool _hasIntegrity;
    private bool _hasFingerprint;

    public StunMessageWriter(Span<byte> destination, StunMethod method, StunMessageClass messageClass, StunTransactionId transactionId)
    {
        if (destination.Length < StunWire.HeaderLength)
        {
            throw new ArgumentException("A STUN message needs at least 20 bytes.", nameof(destination));
        }

        if ((ushort)method > 0x0FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(method), "STUN methods are 12 bits.");
        }

        _buffer = destination;
        BinaryPrimitives.WriteUInt16BigEndian(destination, StunWire.EncodeType((ushort)method, messageClass));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunWire.MagicCookie);
        transactionId.CopyTo(destination[StunWire.TransactionIdOffset..]);
        _position = StunWire.HeaderLength;
    }

    /// <summary>Number of bytes written so far (the message is complete after every call).</summary>
    public readonly int Length => _position;

    /// <summary>The message written so far; a view into the caller's buffer.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    /// <summary>Appends an attribute with zero padding and updates the header length.</summary>
    public void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var slot = Reserve(type, value.Length);
        value.CopyTo(slot);
    }

    public void AddAttribute(StunAttributeType type, scoped ReadOnlySpan<byte> value) => AddAttribute((ushort)type, value);

    /// <summary>USERNAME as UTF-8; RFC 8489 §14.3 caps it at 513 bytes.</summary>
    public void AddUsername(scoped ReadOnlySpan<char> username) => AddUtf8(StunAttributeType.Username, username, 513);

    public void AddUsername(scoped ReadOnlySpan<byte> usernameUtf8) => AddAttribute(StunAttributeType.Username, usernameUtf8);

    /// <summary>SOFTWARE as UTF-8; RFC 8489 §14.14 caps it at 763 bytes.</summary>
    public void AddSoftware(scoped ReadOnlySpan<char> software) => AddUtf8(StunAttributeType.Software, software, 763);

    public void AddPriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(Reserve((ushort)StunAttributeType.Priority, 4), priority);

    public void AddUseCandidate() => Reserve((ushort)StunAttributeType.UseCandidate, 0);

    public void AddIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve((ushort)StunAttributeType.IceControlling, 8), tieBreaker);

    public void AddIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve((ushort)StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>ERROR-CODE (RFC 8489 §14.8): <paramref name="code"/> in 300–699 and a short reason phrase.</summary>
    public void AddErrorCode(int code, scoped ReadOnlySpan<char> reason)
    {
        if (code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), "STUN error codes are 300–699.");
        }

        var reasonLength = Encoding.UTF8.GetByteCount(reason);
        if (reasonLength > 763)
        {
            throw new ArgumentException("The reason phrase is limited to 763 bytes.", nameof(reason));
        }

        var slot = Reserve((ushort)StunAttributeType.ErrorCode, 4 + reasonLength);
        slot[0] = 0;
        slot[1] = 0;
        slot[2] = (byte)(code / 100);
        slot[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, slot[4..]);
    }

    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        AddXorMappedAddress(endPoint.Address, endPoint.Port);
    }

    // https://www.rfc-editor.org/rfc/rfc8489#section-14.2
    /// <summary>
    /// XOR-MAPPED-ADDRESS. An IPv4-mapped IPv6 address (what a dual-mode socket reports) is written as
    /// IPv4, because the peer saw an IPv4 packet and compares against its IPv4 candidates.
    /// </summary>
    public void AddXorMappedAddress(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port));
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("Only IPv4 and IPv6 addresses can be mapped.", nameof(address));
        }

        AddXorMappedAddress(bytes[..written], port);
    }

    /// <summary>
    /// XOR-MAPPED-ADDRESS straight from a socket's <see cref="SocketAddress"/> (what
    /// <c>Socket.ReceiveFrom(Span&lt;byte&gt;, SocketFlags, SocketAddress)</c> fills), without allocating an
    /// <see cref="IPEndPoint"/>. IPv4-mapped IPv6 sources are written as IPv4, as above.
    /// </summary>
    public void AddXorMappedAddress(SocketAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        // sockaddr_in: family(2) port(2, network order) address(4); sockaddr_in6: family(2) port(2) flowinfo(4) address(16).
        var raw = source.Buffer.Span;
        var port = (raw[2] << 8) | raw[3];
        switch (source.Family)
        {
            case AddressFamily.InterNetwork:
                AddXorMappedAddress(raw.Slice(4, 4), port);
                break;
            case AddressFamily.InterNetworkV6:
                var v6 = raw.Slice(8, 16);
                var mappedV4 = v6[..10].IndexOfAnyExcept((byte)0) < 0 && v6[10] == 0xFF && v6[11] == 0xFF;
                AddXorMappedAddress(mappedV4 ? v6[12..] : v6, port);
                break;
            default:
                throw new ArgumentException("Only IPv4 and IPv6 socket addresses can be mapped.", nameof(source));
        }
    }

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): the types a 420 response rejects.</summary>
    public void AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        var slot = Reserve((ushort)StunAttributeType.UnknownAttributes, 2 * types.Length);
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(slot[(2 * i)..], types[i]);
        }
    }

    /// <summary>XOR-MAPPED-ADDRESS from raw network-order address bytes (4 or 16).</summary>
    public void AddXorMappedAddress(scoped ReadOnlySpan<byte> address, int port)
    {
        if (address.Length is not (4 or 16))
        {
            throw new ArgumentException("An address is 4 (IPv4) or 16 (IPv6) bytes.", nameof(address));
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port));
        }

        var slot = Reserve((ushort)StunAttributeType.XorMappedAddress, 4 + address.Length);
        StunXorAddress.Encode(address, port, _buffer, slot);
    }

    // https://www.rfc-editor.org/rfc/rfc8489#section-14.5
    /// <summary>
    /// Appends MESSAGE-INTEGRITY keyed with <paramref name="key"/> (short-term credentials: the
    /// password's UTF-8 bytes). Only FINGERPRINT may follow.
    /// </summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        if (_hasIntegrity)
        {
            throw new InvalidOperationException("MESSAGE-INTEGRITY was already added.");
        }

        var prefixEnd = _position;
        var slot = Reserve((ushort)StunAttributeType.MessageIntegrity, StunWire.MessageIntegrityLength);
        // Reserve already set the length field to include this attribute, exactly as the HMAC requires.
        StunIntegrity.ComputeInPlace(_buffer[..prefixEnd], key, slot);
        _hasIntegrity = true;
    }

    /// <summary>Appends MESSAGE-INTEGRITY with a prepared key (the fast path for a long-lived ICE session).</summary>
    public void AddMessageIntegrity(StunMessageIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_hasIntegrity)
        {
            throw new InvalidOperationException("MESSAGE-INTEGRITY was already added.");
        }

        var prefixEnd = _position;
        var slot = Reserve((ushort)StunAttributeType.MessageIntegrity, StunWire.MessageIntegrityLength);
        key.Compute(_buffer[..prefixEnd], slot);
        _hasIntegrity = true;
    }

    // https://www.rfc-editor.org/rfc/rfc8489#section-14.7
    /// <summary>Appends FINGERPRINT; it must be the last attribute.</summary>
    public void AddFingerprint()
    {
        var prefixEnd = _position;
        var slot = Reserve((ushort)StunAttributeType.Fingerprint, StunWire.FingerprintLength);
        BinaryPrimitives.WriteUInt32BigEndian(slot, StunCrc32.Compute(_buffer[..prefixEnd]) ^ StunWire.FingerprintXor);
        _hasFingerprint = true;
    }

    private void AddUtf8(StunAttributeType type, scoped ReadOnlySpan<char> text, int maxBytes)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        if (length > maxBytes)
        {
            throw new ArgumentException($"The {type} attribute is limited to {maxBytes} bytes.", nameof(text));
        }

        Encoding.UTF8.GetBytes(text, Reserve((ushort)type, length));
    }

    private Span<byte> Reserve(ushort type, int valueLength)
    {
        if (_hasFingerprint)
        {
            throw new InvalidOperationException("FINGERPRINT must be the last attribute.");
        }

        if (_hasIntegrity && type != (ushort)StunAttributeType.Fingerprint)
        {
            throw new InvalidOperationException("Only FINGERPRINT may follow MESSAGE-INTEGRITY.");
        }

        if (valueLength > ushort.MaxValue)
        {
            throw new ArgumentException("An attribute value is at most 65535 bytes.", nameof(valueLength));
        }

        var padded = StunWire.Padded(valueLength);
        var end = _position + StunWire.AttributeHeaderLength + padded;
        if (end > _buffer.Length)
        {
            throw new ArgumentException("The destination buffer is too small for this message.");
        }

        if (end - StunWire.HeaderLength > ushort.MaxValue)
        {
            throw new InvalidOperationException("A STUN message body is at most 65535 bytes.");
        }

        var header = _buffer[_position..];
        BinaryPrimitives.WriteUInt16BigEndian(header, type);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)valueLength);
        _buffer.Slice(_position + StunWire.AttributeHeaderLength + valueLength, padded - valueLength).Clear();
        _position = end;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_position - StunWire.HeaderLength));
        return _buffer.Slice(end - padded, valueLength);
    }
}
