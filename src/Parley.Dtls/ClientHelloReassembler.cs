using System.Buffers.Binary;

namespace Parley.Dtls;

/// <summary>
/// Puts a ClientHello that arrives in several handshake fragments back into one record, so the stateless cookie check
/// (BouncyCastle's <c>DtlsVerifier</c>, which takes only an unfragmented ClientHello) can read it. Browsers fragment
/// theirs once post-quantum key shares make it larger than one datagram (Chromium's is ~1.4 KB in two records).
/// Only epoch-0 handshake records holding ClientHello fragments are looked at; anything else is ignored. Memory is
/// bounded by one message of at most <see cref="MaxMessageLength"/> bytes; a new message sequence starts over.
/// Not thread-safe: used by the one handshake thread of an endpoint.
/// </summary>
internal sealed class ClientHelloReassembler
{
    /// <summary>The largest ClientHello body accepted (one record's maximum fragment, RFC 6347 §4.1).</summary>
    public const int MaxMessageLength = 16 * 1024 - HandshakeHeaderLength;

    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;
    private const byte HandshakeContentType = 22;
    private const byte ClientHelloType = 1;

    private byte[]? _body;
    private bool[]? _received;
    private int _missing;
    private int _messageSeq = -1;
    private ushort _version;

    // https://www.rfc-editor.org/rfc/rfc6347#section-4.1 (record header) and #section-4.2.2 (handshake header, fragments)
    /// <summary>
    /// Feeds one datagram. True when a whole ClientHello is known: <paramref name="record"/> is then one record holding
    /// it unfragmented, numbered with the sequence number of the record that completed it. Never throws on wire input.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, out byte[] record)
    {
        record = [];
        while (datagram.Length >= RecordHeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            if (datagram.Length < RecordHeaderLength + length)
            {
                return false;
            }

            var header = datagram[..RecordHeaderLength];
            var fragment = datagram.Slice(RecordHeaderLength, length);
            datagram = datagram[(RecordHeaderLength + length)..];
            if (header[0] == HandshakeContentType && BinaryPrimitives.ReadUInt16BigEndian(header[3..]) == 0 && TryAddFragment(header, fragment, out record))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryAddFragment(ReadOnlySpan<byte> recordHeader, ReadOnlySpan<byte> fragment, out byte[] record)
    {
        record = [];
        if (fragment.Length < HandshakeHeaderLength || fragment[0] != ClientHelloType)
        {
            return false;
        }

        var length = ReadUInt24(fragment[1..]);
        var messageSeq = BinaryPrimitives.ReadUInt16BigEndian(fragment[4..]);
        var offset = ReadUInt24(fragment[6..]);
        var fragmentLength = ReadUInt24(fragment[9..]);
        if (length > MaxMessageLength || fragment.Length != HandshakeHeaderLength + fragmentLength || offset + fragmentLength > length)
        {
            return false;
        }

        if (messageSeq != _messageSeq || _body is null || _body.Length != length)
        {
            _body = new byte[length];
            _received = new bool[length];
            _missing = length;
            _messageSeq = messageSeq;
        }

        _version = BinaryPrimitives.ReadUInt16BigEndian(recordHeader[1..]);
        fragment.Slice(HandshakeHeaderLength, fragmentLength).CopyTo(_body.AsSpan(offset));
        for (var i = offset; i < offset + fragmentLength; i++)
        {
            if (!_received![i])
            {
                _received[i] = true;
                _missing--;
            }
        }

        if (_missing > 0)
        {
            return false;
        }

        record = Assemble(recordHeader);
        _body = null;
        _received = null;
        _messageSeq = -1;
        return true;
    }

    private byte[] Assemble(ReadOnlySpan<byte> lastRecordHeader)
    {
        var length = _body!.Length;
        var record = new byte[RecordHeaderLength + HandshakeHeaderLength + length];
        record[0] = HandshakeContentType;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(1), _version);
        lastRecordHeader.Slice(3, 8).CopyTo(record.AsSpan(3)); // epoch 0 and the completing record's sequence number
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)(HandshakeHeaderLength + length));
        var handshake = record.AsSpan(RecordHeaderLength);
        handshake[0] = ClientHelloType;
        WriteUInt24(handshake[1..], length);
        BinaryPrimitives.WriteUInt16BigEndian(handshake[4..], (ushort)_messageSeq);
        WriteUInt24(handshake[6..], 0);
        WriteUInt24(handshake[9..], length);
        _body.CopyTo(handshake[HandshakeHeaderLength..]);
        return record;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> source) => (source[0] << 16) | (source[1] << 8) | source[2];

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
