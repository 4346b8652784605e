using System.Buffers.Binary;

namespace Parley.Srtp;

/// <summary>
/// SRTP/SRTCP crypto context for one direction of one DTLS-SRTP association (RFC 3711 §3.2): protects what we send
/// with the local key, or unprotects what we receive with the remote key. Keeps per-SSRC state (rollover counter,
/// replay windows, SRTCP index). All packet methods work in place, allocate nothing, never throw on wire input and
/// count every drop in <see cref="Drops"/>. Thread-safe: calls are serialized by an internal lock.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    /// <summary>Default cap on tracked SSRCs, so a flood of authenticated-but-new SSRCs cannot grow state forever.</summary>
    public const int DefaultMaxSsrcs = 1024;

    private const int RtpFixedHeaderLength = 12;
    private const int RtcpHeaderLength = 8;
    private const uint EncryptedFlag = 0x8000_0000;
    private const uint MaxRtcpIndex = 0x7FFF_FFFF;

    private readonly Lock _gate = new();
    private readonly SrtpTransform _transform;
    private readonly Dictionary<uint, SrtpStreamState> _outbound = [];
    private readonly Dictionary<uint, SrtpStreamState> _inbound = [];
    private readonly int _maxSsrcs;
    private bool _disposed;

    /// <summary>Creates a context from a master key and salt (as split from the DTLS exporter output).</summary>
    /// <exception cref="ArgumentException">Key or salt length does not match the profile.</exception>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxSsrcs = DefaultMaxSsrcs)
    {
        var parameters = SrtpProfileParameters.For(profile);
        if (masterKey.Length != parameters.MasterKeyLength)
        {
            throw new ArgumentException($"{profile} needs a {parameters.MasterKeyLength}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != parameters.MasterSaltLength)
        {
            throw new ArgumentException($"{profile} needs a {parameters.MasterSaltLength}-byte master salt.", nameof(masterSalt));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxSsrcs, 1);
        _maxSsrcs = maxSsrcs;
        _transform = SrtpTransform.Create(parameters, masterKey, masterSalt);
    }

    /// <summary>Sizes implied by the profile.</summary>
    public SrtpProfileParameters Parameters => _transform.Parameters;

    /// <summary>The profile this context protects with.</summary>
    public SrtpProfile Profile => _transform.Parameters.Profile;

    /// <summary>Bytes <see cref="TryProtectRtp"/> appends; the buffer must have this much room after the packet.</summary>
    public int RtpOverhead => _transform.RtpTagLength;

    /// <summary>Bytes <see cref="TryProtectRtcp"/> appends.</summary>
    public int RtcpOverhead => _transform.RtcpTagLength + 4;

    /// <summary>Dropped/refused packets by reason.</summary>
    public SrtpDropCounters Drops { get; } = new();

    /// <summary>
    /// Encrypts and authenticates the RTP packet in <c>buffer[..length]</c> in place, appending the tag.
    /// Returns false (and counts it) when the packet is not RTP version 2 or the buffer lacks
    /// <see cref="RtpOverhead"/> spare bytes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is outside the buffer.</exception>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        protectedLength = 0;
        var packet = buffer[..length];
        if (!TryGetRtpHeaderLength(packet, out var headerLength) || buffer.Length - length < _transform.RtpTagLength)
        {
            return Drop(SrtpDropReason.Malformed);
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!TryGetOrAddStream(_outbound, ssrc, out var stream))
            {
                return Drop(SrtpDropReason.TooManySsrcs);
            }

            // The sender tracks its own ROC with the same estimator the receiver uses (RFC 3711 §3.3.1).
            ulong index = sequence;
            if (stream.Rtp.HasAccepted && !RolloverCounter.TryEstimateIndex(stream.Rtp.Highest, sequence, out index))
            {
                return Drop(SrtpDropReason.Malformed);
            }

            stream.Rtp.Accept(index);
            protectedLength = _transform.ProtectRtp(buffer, headerLength, length, ssrc, index);
            return true;
        }
    }

    /// <summary>
    /// Authenticates and decrypts the SRTP packet that fills <paramref name="packet"/>, in place. On success the RTP
    /// packet is <c>packet[..plainLength]</c>. False on malformed input, authentication failure or replay.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        var tagLength = _transform.RtpTagLength;
        if (packet.Length < RtpFixedHeaderLength + tagLength
            || !TryGetRtpHeaderLength(packet[..^tagLength], out var headerLength))
        {
            return Drop(SrtpDropReason.Malformed);
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        lock (_gate)
        {
            if (_disposed)
            {
                // A late datagram racing the teardown is wire input like any other: refuse it, don't throw.
                return false;
            }

            _inbound.TryGetValue(ssrc, out var stream);

            // First packet of an SSRC: ROC 0 and s_l = SEQ (RFC 3711 §3.3.1).
            ulong index = sequence;
            if (stream is not null && stream.Rtp.HasAccepted)
            {
                if (!RolloverCounter.TryEstimateIndex(stream.Rtp.Highest, sequence, out index) || !stream.Rtp.IsFresh(index))
                {
                    return Drop(SrtpDropReason.Replayed);
                }
            }

            if (stream is null && _inbound.Count >= _maxSsrcs)
            {
                return Drop(SrtpDropReason.TooManySsrcs);
            }

            if (!_transform.TryUnprotectRtp(packet, headerLength, packet.Length, ssrc, index))
            {
                return Drop(SrtpDropReason.AuthenticationFailed);
            }

            // Only authenticated packets may create state or move the window.
            if (stream is null)
            {
                stream = new SrtpStreamState();
                _inbound.Add(ssrc, stream);
            }

            stream.Rtp.Accept(index);
            plainLength = packet.Length - tagLength;
            return true;
        }
    }

    /// <summary>
    /// Encrypts and authenticates the (compound) RTCP packet in <c>buffer[..length]</c> in place, appending the
    /// E flag, the SRTCP index and the tag (<see cref="RtcpOverhead"/> bytes).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is outside the buffer.</exception>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        protectedLength = 0;
        if (!IsRtcpHeader(buffer[..length]) || buffer.Length - length < RtcpOverhead)
        {
            return Drop(SrtpDropReason.Malformed);
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!TryGetOrAddStream(_outbound, ssrc, out var stream))
            {
                return Drop(SrtpDropReason.TooManySsrcs);
            }

            // The 31-bit index wraps after 2^31 packets; at 100 RTCP packets/s that is eight months of one stream.
            var index = stream.NextRtcpIndex;
            stream.NextRtcpIndex = (index + 1) & MaxRtcpIndex;
            protectedLength = _transform.ProtectRtcp(buffer, length, ssrc, index);
            return true;
        }
    }

    /// <summary>
    /// Authenticates and (when its E flag is set) decrypts the SRTCP packet that fills <paramref name="packet"/>,
    /// in place. On success the RTCP packet is <c>packet[..plainLength]</c>.
    /// </summary>
    public bool TryUnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (!IsRtcpHeader(packet) || !_transform.TryReadRtcpIndexWord(packet, out var indexWord))
        {
            return Drop(SrtpDropReason.Malformed);
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        ulong index = indexWord & ~EncryptedFlag;
        lock (_gate)
        {
            if (_disposed)
            {
                // A late datagram racing the teardown is wire input like any other: refuse it, don't throw.
                return false;
            }

            _inbound.TryGetValue(ssrc, out var stream);
            if (stream is not null && !stream.Rtcp.IsFresh(index))
            {
                return Drop(SrtpDropReason.Replayed);
            }

            if (stream is null && _inbound.Count >= _maxSsrcs)
            {
                return Drop(SrtpDropReason.TooManySsrcs);
            }

            if (!_transform.TryUnprotectRtcp(packet, packet.Length, ssrc, indexWord, out plainLength))
            {
                plainLength = 0;
                return Drop(SrtpDropReason.AuthenticationFailed);
            }

            if (stream is null)
            {
                stream = new SrtpStreamState();
                _inbound.Add(ssrc, stream);
            }

            stream.Rtcp.Accept(index);
            return true;
        }
    }

    /// <summary>Forgets an SSRC's state in both directions (e.g. when its stream is removed), freeing its slot.</summary>
    public void RemoveSsrc(uint ssrc)
    {
        lock (_gate)
        {
            _outbound.Remove(ssrc);
            _inbound.Remove(ssrc);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _transform.Dispose();
        }
    }

    /// <summary>
    /// Length of the RTP header including CSRCs and the header extension (RFC 3550 §5.1 and §5.3.1,
    /// https://www.rfc-editor.org/rfc/rfc3550#section-5.1); false when it is not RTP v2 or overruns the packet.
    /// </summary>
    internal static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < RtpFixedHeaderLength || packet[0] >> 6 != 2)
        {
            return false;
        }

        var length = RtpFixedHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
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

    /// <summary>RTCP v2 with at least the 8-byte header that carries the sender SSRC (RFC 3711 §3.4).</summary>
    private static bool IsRtcpHeader(ReadOnlySpan<byte> packet) => packet.Length >= RtcpHeaderLength && packet[0] >> 6 == 2;

    private bool TryGetOrAddStream(Dictionary<uint, SrtpStreamState> streams, uint ssrc, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SrtpStreamState? stream)
    {
        if (streams.TryGetValue(ssrc, out stream))
        {
            return true;
        }

        if (streams.Count >= _maxSsrcs)
        {
            return false;
        }

        stream = new SrtpStreamState();
        streams.Add(ssrc, stream);
        return true;
    }

    private bool Drop(SrtpDropReason reason)
    {
        Drops.Count(reason);
        return false;
    }
}
