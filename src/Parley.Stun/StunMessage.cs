using System.Buffers.Binary;
using System.Net;

namespace Parley.Stun;

/// <summary>
/// A parsed STUN message: a view over the caller's bytes (which must outlive it), with the attribute
/// layout validated once so every getter is a bounds-safe lookup. Allocation-free except
/// <see cref="TryGetXorMappedAddress"/>, which returns an <see cref="IPEndPoint"/>.
/// </summary>
public readonly ref struct StunMessage
{
    private const int NotPresent = -1;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;

    private StunMessage(ReadOnlySpan<byte> raw, int integrityOffset, int fingerprintOffset)
    {
        _raw = raw;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>
    /// Quick demultiplexing check (RFC 7983 §7: first byte 0–3) tightened with the magic cookie, so
    /// RTP/RTCP/DTLS arriving on the same port are never mistaken for STUN.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= StunWire.HeaderLength
        && datagram[0] <= 3
        && StunWire.ReadUInt32(datagram, 4) == StunWire.MagicCookie;

    // https://www.rfc-editor.org/rfc/rfc8489#section-5 (header) and #section-14 (attribute TLVs)
    /// <summary>
    /// Parses the message at the start of <paramref name="datagram"/>; never throws. Rejects: fewer than
    /// 20 bytes, top two bits set, wrong magic cookie, a length that is not a multiple of 4 or runs past the
    /// input, an attribute that overruns the message, a MESSAGE-INTEGRITY that is not 20 bytes or a
    /// FINGERPRINT that is not 4 bytes or not last. Bytes after the declared length are not part of the
    /// message (<see cref="Raw"/> excludes them).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (datagram.Length < StunWire.HeaderLength
            || (datagram[0] & 0xC0) != 0
            || StunWire.ReadUInt32(datagram, 4) != StunWire.MagicCookie)
        {
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((bodyLength & 3) != 0 || StunWire.HeaderLength + bodyLength > datagram.Length)
        {
            return false;
        }

        var raw = datagram[..(StunWire.HeaderLength + bodyLength)];
        var integrityOffset = NotPresent;
        var fingerprintOffset = NotPresent;
        var position = StunWire.HeaderLength;
        while (position < raw.Length)
        {
            if (fingerprintOffset != NotPresent || position + StunWire.AttributeHeaderLength > raw.Length)
            {
                return false;
            }

            // Type and length in one read: this loop is the whole cost of parsing.
            var typeAndLength = BinaryPrimitives.ReadUInt32BigEndian(raw[position..]);
            var type = (ushort)(typeAndLength >> 16);
            var length = (int)(typeAndLength & 0xFFFF);
            if (position + StunWire.AttributeHeaderLength + StunWire.Padded(length) > raw.Length)
            {
                return false;
            }

            if (type == (ushort)StunAttributeType.MessageIntegrity && integrityOffset == NotPresent)
            {
                if (length != StunWire.MessageIntegrityLength)
                {
                    return false;
                }

                integrityOffset = position;
            }
            else if (type == (ushort)StunAttributeType.Fingerprint)
            {
                if (length != StunWire.FingerprintLength)
                {
                    return false;
                }

                fingerprintOffset = position;
            }

            position += StunWire.AttributeHeaderLength + StunWire.Padded(length);
        }

        message = new StunMessage(raw, integrityOffset, fingerprintOffset);
        return true;
    }

    /// <summary>The whole message: header plus the declared length.</summary>
    public ReadOnlySpan<byte> Raw => _raw;

    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_raw);

    public StunMethod Method => (StunMethod)StunWire.DecodeMethod(MessageType);

    public StunMessageClass Class => StunWire.DecodeClass(MessageType);

    public bool IsBindingRequest => Method == StunMethod.Binding && Class == StunMessageClass.Request;

    public ReadOnlySpan<byte> TransactionIdBytes => _raw.Slice(StunWire.TransactionIdOffset, StunWire.TransactionIdLength);

    public StunTransactionId TransactionId => StunTransactionId.FromBytes(TransactionIdBytes);

    public bool HasMessageIntegrity => _integrityOffset != NotPresent;

    public bool HasFingerprint => _fingerprintOffset != NotPresent;

    /// <summary>All attributes in wire order, including any after MESSAGE-INTEGRITY.</summary>
    public StunAttributeEnumerator Attributes => new(_raw);

    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value) => TryGetAttribute((ushort)type, out value);

    /// <summary>
    /// Finds the first attribute of <paramref name="type"/>. Attributes after MESSAGE-INTEGRITY are not
    /// covered by it and so are ignored (RFC 8489 §14.5), except FINGERPRINT.
    /// </summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        var protectedEnd = type is (ushort)StunAttributeType.Fingerprint or (ushort)StunAttributeType.MessageIntegrity
            || _integrityOffset == NotPresent
                ? _raw.Length
                : _integrityOffset + StunWire.AttributeHeaderLength + StunWire.MessageIntegrityLength;
        foreach (var attribute in Attributes)
        {
            if (attribute.Offset >= protectedEnd)
            {
                break;
            }

            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>USERNAME (RFC 8489 §14.3) as UTF-8 bytes; for ICE it is "receiverUfrag:senderUfrag".</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> username) => TryGetAttribute(StunAttributeType.Username, out username);

    /// <summary>SOFTWARE (RFC 8489 §14.14) as UTF-8 bytes.</summary>
    public bool TryGetSoftware(out ReadOnlySpan<byte> software) => TryGetAttribute(StunAttributeType.Software, out software);

    /// <summary>PRIORITY (RFC 8445 §16.1): the priority a peer-reflexive candidate would get.</summary>
    public bool TryGetPriority(out uint priority) => TryGetUInt32(StunAttributeType.Priority, out priority);

    /// <summary>USE-CANDIDATE (RFC 8445 §16.1): the controlling agent nominates this pair.</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>ICE-CONTROLLING (RFC 8445 §16.1) and its 64-bit tie-breaker.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED (RFC 8445 §16.1) and its 64-bit tie-breaker.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>ERROR-CODE (RFC 8489 §14.8): code 300–699 and the UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out var value) || value.Length < 4)
        {
            return false;
        }

        var hundreds = value[2] & 0x07;
        var number = value[3];
        if (hundreds is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = (hundreds * 100) + number;
        reason = value[4..];
        return true;
    }

    // https://www.rfc-editor.org/rfc/rfc8489#section-14.2
    /// <summary>XOR-MAPPED-ADDRESS decoded against the magic cookie and transaction id.</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (!TryGetAttribute(StunAttributeType.XorMappedAddress, out var value) || value.Length < 4)
        {
            return false;
        }

        var family = value[1];
        var addressLength = family switch
        {
            StunXorAddress.FamilyIPv4 => 4,
            StunXorAddress.FamilyIPv6 => 16,
            _ => 0,
        };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        Span<byte> address = stackalloc byte[16];
        var port = StunXorAddress.Decode(value, _raw, address);
        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    /// <summary>
    /// Finds a comprehension-required attribute (type below 0x8000) this library does not know; the
    /// receiver must then answer 420 Unknown Attribute (RFC 8489 §6.3.1).
    /// </summary>
    public bool TryGetUnknownComprehensionRequired(out ushort type)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.IsComprehensionRequired && !Enum.IsDefined((StunAttributeType)attribute.Type))
            {
                type = attribute.Type;
                return true;
            }
        }

        type = 0;
        return false;
    }

    /// <summary>Checks MESSAGE-INTEGRITY with <paramref name="key"/> (for ICE: the password's UTF-8 bytes).</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        _integrityOffset != NotPresent
        && StunIntegrity.Verify(
            _raw[.._integrityOffset],
            key,
            _raw.Slice(_integrityOffset + StunWire.AttributeHeaderLength, StunWire.MessageIntegrityLength));

    /// <summary>Checks MESSAGE-INTEGRITY with a prepared key (the fast path for a long-lived ICE session).</summary>
    public bool VerifyMessageIntegrity(StunMessageIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _integrityOffset != NotPresent
            && key.Verify(
                _raw[.._integrityOffset],
                _raw.Slice(_integrityOffset + StunWire.AttributeHeaderLength, StunWire.MessageIntegrityLength));
    }

    /// <summary>Checks FINGERPRINT (RFC 8489 §14.7): CRC-32 of everything before it, XOR 0x5354554E.</summary>
    public bool VerifyFingerprint()
    {
        if (_fingerprintOffset == NotPresent)
        {
            return false;
        }

        // FINGERPRINT is last (TryParse enforces it), so the header's length already covers it as the RFC requires.
        var expected = StunCrc32.Compute(_raw[.._fingerprintOffset]) ^ StunWire.FingerprintXor;
        return StunWire.ReadUInt32(_raw, _fingerprintOffset + StunWire.AttributeHeaderLength) == expected;
    }

    /// <summary>Parses <paramref name="message"/> and checks its MESSAGE-INTEGRITY; false if either fails.</summary>
    public static bool VerifyMessageIntegrity(ReadOnlySpan<byte> message, ReadOnlySpan<byte> key) =>
        TryParse(message, out var parsed) && parsed.VerifyMessageIntegrity(key);

    /// <summary>Parses <paramref name="message"/> and checks its FINGERPRINT; false if either fails.</summary>
    public static bool VerifyFingerprint(ReadOnlySpan<byte> message) =>
        TryParse(message, out var parsed) && parsed.VerifyFingerprint();

    private bool TryGetUInt32(StunAttributeType type, out uint result)
    {
        if (TryGetAttribute(type, out var value) && value.Length == 4)
        {
            result = BinaryPrimitives.ReadUInt32BigEndian(value);
            return true;
        }

        result = 0;
        return false;
    }

    private bool TryGetUInt64(StunAttributeType type, out ulong result)
    {
        if (TryGetAttribute(type, out var value) && value.Length == 8)
        {
            result = BinaryPrimitives.ReadUInt64BigEndian(value);
            return true;
        }

        result = 0;
        return false;
    }
}
