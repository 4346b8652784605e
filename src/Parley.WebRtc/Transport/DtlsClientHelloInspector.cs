using System.Buffers.Binary;
using Parley.Srtp;

namespace Parley.WebRtc.Transport;

/// <summary>
/// Reads the SRTP profiles a peer offers from the use_srtp extension of its DTLS ClientHello, for diagnostics
/// (which profiles does this browser offer?). Never throws on wire input.
/// </summary>
public sealed class DtlsClientHelloInspector
{
    // https://www.rfc-editor.org/rfc/rfc6347#section-4.1 (record: type, version, epoch, seq(6), length),
    // #section-4.2.2 (handshake: type, length(3), message_seq, fragment_offset(3), fragment_length(3)),
    // https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.2 (ClientHello), RFC 5764 §4.1.1 (use_srtp = 14).
    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;
    private const byte HandshakeContentType = 22;
    private const byte ClientHelloType = 1;
    private const ushort UseSrtpExtension = 14;

    /// <summary>Largest ClientHello we reassemble (post-quantum key shares make them span several datagrams).</summary>
    private const int MaxClientHelloLength = 16 * 1024;

    private byte[]? _clientHello;
    private int _received;

    /// <summary>
    /// Feeds one DTLS datagram (it may hold several records); true once the ClientHello is complete and carries
    /// use_srtp. Fragments are reassembled (a retransmitted fragment may end it early; this is diagnostics only).
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, out IReadOnlyList<SrtpProfile> profiles)
    {
        profiles = [];
        int offset = 0;
        while (offset + RecordHeaderLength <= datagram.Length)
        {
            int recordLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 11)..]);
            if (offset + RecordHeaderLength + recordLength > datagram.Length)
            {
                return false;
            }

            var record = datagram.Slice(offset + RecordHeaderLength, recordLength);
            bool isHandshake = datagram[offset] == HandshakeContentType;
            offset += RecordHeaderLength + recordLength;
            if (!isHandshake || record.Length < HandshakeHeaderLength || record[0] != ClientHelloType)
            {
                continue;
            }

            int total = ReadUInt24(record[1..]);
            int fragmentOffset = ReadUInt24(record[6..]);
            int fragmentLength = ReadUInt24(record[9..]);
            if (total > MaxClientHelloLength || fragmentOffset + fragmentLength > total || HandshakeHeaderLength + fragmentLength > record.Length)
            {
                return false;
            }

            if (_clientHello is null || _clientHello.Length != total)
            {
                _clientHello = new byte[total];
                _received = 0;
            }

            record.Slice(HandshakeHeaderLength, fragmentLength).CopyTo(_clientHello.AsSpan(fragmentOffset));
            _received += fragmentLength;
            if (_received >= total)
            {
                return TryParseBody(_clientHello, out profiles);
            }
        }

        return false;
    }

    private static bool TryParseBody(ReadOnlySpan<byte> body, out IReadOnlyList<SrtpProfile> profiles)
    {
        profiles = [];
        int position = 2 + 32; // client_version, random
        if (!Skip(body, ref position, 1) || !Skip(body, ref position, 1) || !Skip(body, ref position, 2) || !Skip(body, ref position, 1))
        {
            return false; // session_id, cookie, cipher_suites, compression_methods
        }

        if (position + 2 > body.Length)
        {
            return false;
        }

        int extensionsEnd = Math.Min(body.Length, position + 2 + BinaryPrimitives.ReadUInt16BigEndian(body[position..]));
        position += 2;
        while (position + 4 <= extensionsEnd)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(body[position..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(body[(position + 2)..]);
            position += 4;
            if (position + length > extensionsEnd)
            {
                return false;
            }

            if (type == UseSrtpExtension && length >= 2)
            {
                var data = body.Slice(position, length);
                int listLength = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(data), data.Length - 2);
                var list = new List<SrtpProfile>(listLength / 2);
                for (int i = 0; i + 1 < listLength; i += 2)
                {
                    list.Add((SrtpProfile)BinaryPrimitives.ReadUInt16BigEndian(data[(2 + i)..]));
                }

                profiles = list;
                return true;
            }

            position += length;
        }

        return false;
    }

    private static bool Skip(ReadOnlySpan<byte> body, ref int position, int lengthBytes)
    {
        if (position + lengthBytes > body.Length)
        {
            return false;
        }

        int length = lengthBytes switch
        {
            1 => body[position],
            _ => BinaryPrimitives.ReadUInt16BigEndian(body[position..]),
        };
        position += lengthBytes + length;
        return position <= body.Length;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> source) => (source[0] << 16) | (source[1] << 8) | source[2];
}
