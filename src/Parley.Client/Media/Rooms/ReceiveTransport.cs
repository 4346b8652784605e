using System.Buffers.Binary;
using System.Net;
using Parley.Rtp;
using Parley.Sdp;
using Parley.WebRtc.Client;

namespace Parley.Client.Media.Rooms;

/// <summary>
/// The recv transport (docs/protocol.md §9.2): the server offers one section per consumer in
/// <c>subscriberOffer</c>; we answer <c>recvonly</c> with <c>a=setup:active</c> (we are the DTLS client) and connect
/// after the first answer. Incoming RTP goes to the <see cref="RemoteTrack"/> whose section announced its SSRC, or,
/// without SSRC lines, whose mid the packet's mid header extension names.
/// </summary>
internal sealed class ReceiveTransport : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RemoteTrack> _byConsumer = new(StringComparer.Ordinal);
    private Dictionary<uint, RemoteTrack> _bySsrc = [];
    private Dictionary<string, RemoteTrack> _byMid = new(StringComparer.Ordinal);
    private readonly ClientMediaOptions _options;
    private int _midExtensionId = RoomMediaSdp.MidExtensionId;
    private Task? _connecting;

    public ReceiveTransport(WebRtcClientConnection connection, IReadOnlyList<IPEndPoint> candidates, ClientMediaOptions options)
    {
        Connection = connection;
        Candidates = candidates;
        _options = options;
        connection.RtpReceived += OnRtp;
    }

    public WebRtcClientConnection Connection { get; }

    public IReadOnlyList<IPEndPoint> Candidates { get; }

    public IReadOnlyList<RemoteTrack> Tracks
    {
        get
        {
            lock (_lock)
            {
                return [.. _byConsumer.Values];
            }
        }
    }

    /// <summary>
    /// Applies a server offer: returns the answer SDP, the tracks that appeared and those that went away. The caller
    /// sends the answer, then calls <see cref="StartConnecting"/>.
    /// </summary>
    public (string AnswerSdp, List<RemoteTrack> Added, List<RemoteTrack> Removed, SdpNegotiation Negotiation) Answer(string offerSdp, long version, IReadOnlyList<ConsumerInfo> consumers)
    {
        if (!SessionDescription.TryParse(offerSdp, out var offer, out var parseError))
        {
            throw new InvalidDataException("The server's subscriber offer is not valid SDP: " + parseError);
        }

        var negotiation = RoomMediaSdp.AnswerSubscriberOffer(offer!, Connection, Candidates, (ulong)Math.Max(1, version));
        var added = new List<RemoteTrack>();
        var removed = new List<RemoteTrack>();
        lock (_lock)
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var consumer in consumers)
            {
                present.Add(consumer.ConsumerId);
                if (_byConsumer.TryGetValue(consumer.ConsumerId, out var existing))
                {
                    existing.Consumer = consumer;
                }
                else
                {
                    var track = new RemoteTrack(consumer);
                    _byConsumer[consumer.ConsumerId] = track;
                    added.Add(track);
                }
            }

            foreach (var (consumerId, track) in _byConsumer.ToList())
            {
                if (!present.Contains(consumerId))
                {
                    _byConsumer.Remove(consumerId);
                    removed.Add(track);
                }
            }

            // Rebuilt whole and swapped: the receive thread reads the dictionaries without the lock.
            var bySsrc = new Dictionary<uint, RemoteTrack>();
            var byMid = new Dictionary<string, RemoteTrack>(StringComparer.Ordinal);
            foreach (var track in _byConsumer.Values)
            {
                byMid[track.Mid] = track;
                var section = negotiation.FindSection(track.Mid);
                if (section is { Accepted: true })
                {
                    foreach (uint ssrc in section.RemoteSsrcs)
                    {
                        bySsrc[ssrc] = track;
                    }

                    _midExtensionId = section.GetHeaderExtensionId(RoomMediaSdp.MidExtensionUri) ?? _midExtensionId;
                }
            }

            Volatile.Write(ref _bySsrc, bySsrc);
            Volatile.Write(ref _byMid, byMid);
        }

        return (negotiation.Local.ToString(), added, removed, negotiation);
    }

    /// <summary>Connects once (after the first answer was sent); later calls return the same task.</summary>
    public Task StartConnecting(SdpNegotiation negotiation, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_connecting is not null)
            {
                return _connecting;
            }

            var remote = negotiation.RemoteTransport;
            var candidates = RoomMediaSdp.RemoteEndPoints(remote, Connection.LocalEndPoint.AddressFamily);
            if (candidates.Count == 0)
            {
                throw new InvalidDataException("The server's subscriber offer has no usable UDP candidate.");
            }

            // We answered a=setup:active: we are the DTLS client.
            _connecting = Connection.ConnectAsync(
                candidates, remote.IceUfrag, remote.IcePwd, remote.Fingerprint, timeout: _options.ConnectTimeout,
                dtlsRole: WebRtcClientConnection.DtlsRoleForOurAnswer(SetupRole.Active), cancellationToken: cancellationToken);
            return _connecting;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Connection.RtpReceived -= OnRtp;
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Receive thread: route one decrypted packet to its track; unknown SSRCs learn their track from the mid extension.</summary>
    private void OnRtp(ReadOnlySpan<byte> packet)
    {
        if (!RtpPacket.TryGetHeaderLength(packet, out int headerLength) || headerLength > packet.Length)
        {
            return;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var bySsrc = Volatile.Read(ref _bySsrc);
        if (!bySsrc.TryGetValue(ssrc, out var track))
        {
            track = FindByMid(packet, headerLength);
            if (track is null)
            {
                return;
            }

            lock (_lock)
            {
                var learnt = new Dictionary<uint, RemoteTrack>(_bySsrc) { [ssrc] = track };
                Volatile.Write(ref _bySsrc, learnt);
            }
        }

        track.OnRtp(packet, headerLength);
    }

    private RemoteTrack? FindByMid(ReadOnlySpan<byte> packet, int headerLength)
    {
        // RFC 8285 one-byte form only (what Parley and browsers send for mid): 0xBEDE, then id/len bytes.
        if ((packet[0] & 0x10) == 0)
        {
            return null;
        }

        int offset = 12 + 4 * (packet[0] & 0x0F);
        if (offset + 4 > headerLength || BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]) != RtpPacket.OneByteExtensionProfile)
        {
            return null;
        }

        int end = headerLength;
        int position = offset + 4;
        while (position < end)
        {
            byte header = packet[position];
            if (header == 0)
            {
                position++;
                continue;
            }

            int id = header >> 4;
            int length = (header & 0x0F) + 1;
            if (id == 15 || position + 1 + length > end)
            {
                return null;
            }

            if (id == _midExtensionId)
            {
                string mid = System.Text.Encoding.ASCII.GetString(packet.Slice(position + 1, length));
                return Volatile.Read(ref _byMid).GetValueOrDefault(mid);
            }

            position += 1 + length;
        }

        return null;
    }
}
