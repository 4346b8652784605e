using System.Net;
using Parley.Sdp;
using Parley.WebRtc.Client;

namespace Parley.Client.Media.Rooms;

/// <summary>
/// The send transport (docs/protocol.md §9.1): the client offers one <c>sendonly</c> section per published track,
/// and every change is another <c>publish</c> with the complete offer. Connects (ICE, DTLS in the role the answer's
/// <c>a=setup</c> gives, SRTP) after the first answer; later answers only add or stop sections.
/// </summary>
internal sealed class SendTransport : IAsyncDisposable
{
    // Changed only under the client's media lock; _tracks is the published tracks' snapshot for readers outside it (the
    // receive loop's trackAdminMuted, the app's PublishedTracks), replaced whole on every change.
    private readonly List<(RoomMediaSdp.SendSection Section, LocalTrack? Track)> _sections = [];
    private LocalTrack[] _tracks = [];
    private readonly ulong _sessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly TimeProvider _time;
    private readonly ClientMediaOptions _options;
    private ulong _version;

    public SendTransport(WebRtcClientConnection connection, IReadOnlyList<IPEndPoint> candidates, ClientMediaOptions options, TimeProvider time)
    {
        Connection = connection;
        Candidates = candidates;
        _options = options;
        _time = time;
    }

    public WebRtcClientConnection Connection { get; }

    public IReadOnlyList<IPEndPoint> Candidates { get; }

    public bool Connected => Connection.SrtpProfile is not null;

    /// <summary>The tracks published now: a snapshot, safe to read from any thread.</summary>
    public IReadOnlyList<LocalTrack> Tracks => Volatile.Read(ref _tracks);

    private void SectionsChanged() => Volatile.Write(ref _tracks, [.. _sections.Select(entry => entry.Track).OfType<LocalTrack>()]);

    /// <summary>Adds <paramref name="track"/> as a new section and returns the complete offer and the tracks list.</summary>
    public (string Sdp, List<PublishTrackWire> Tracks, SessionDescription Offer) OfferWith(LocalTrack track)
    {
        if (track.Mid is not null || _sections.Any(entry => ReferenceEquals(entry.Track, track)))
        {
            throw new InvalidOperationException("This track is already published.");
        }

        string mid = _sections.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _sections.Add((new RoomMediaSdp.SendSection(mid, track.Kind, track.Ssrc, Stopped: false), track));
        SectionsChanged();
        track.Mid = mid;
        return Offer();
    }

    /// <summary>
    /// Takes back the section <see cref="OfferWith"/> just added for <paramref name="track"/> after the server refused
    /// that offer (it applied nothing), so the next offer is as if the refused publish never happened.
    /// </summary>
    public void Withdraw(LocalTrack track)
    {
        if (_sections.Count > 0 && ReferenceEquals(_sections[^1].Track, track))
        {
            _sections.RemoveAt(_sections.Count - 1);
            SectionsChanged();
            track.Mid = null;
        }
    }

    /// <summary>Stops <paramref name="track"/>'s section (kept in place, port 0) and returns the new complete offer.</summary>
    public (string Sdp, List<PublishTrackWire> Tracks, SessionDescription Offer) OfferWithout(LocalTrack track)
    {
        int index = _sections.FindIndex(entry => ReferenceEquals(entry.Track, track));
        if (index < 0)
        {
            throw new InvalidOperationException("This track is not published.");
        }

        _sections[index] = (_sections[index].Section with { Stopped = true }, null);
        SectionsChanged();
        return Offer();
    }

    /// <summary>Takes the answer: connects on the first one, then starts the tracks that are new.</summary>
    public async Task ApplyAnswerAsync(SessionDescription offer, string answerSdp, CancellationToken cancellationToken)
    {
        if (!SessionDescription.TryParse(answerSdp, out var answer, out var parseError))
        {
            throw new InvalidDataException("The server's publish answer is not valid SDP: " + parseError);
        }

        if (!SdpOfferBuilder.TryReadAnswer(offer, answer!, out var negotiation, out var error))
        {
            throw new InvalidDataException("The server's publish answer does not match the offer: " + error);
        }

        if (!Connected)
        {
            var remote = negotiation!.RemoteTransport;
            var candidates = RoomMediaSdp.RemoteEndPoints(remote, Connection.LocalEndPoint.AddressFamily);
            if (candidates.Count == 0)
            {
                throw new InvalidDataException("The server's publish answer has no usable UDP candidate.");
            }

            await Connection.ConnectAsync(
                candidates, remote.IceUfrag, remote.IcePwd, remote.Fingerprint, timeout: _options.ConnectTimeout,
                dtlsRole: WebRtcClientConnection.DtlsRoleForAnswer(remote.Setup), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var (section, track) in _sections)
        {
            if (track is null || track.Sender is not null || section.Stopped)
            {
                continue;
            }

            var accepted = negotiation!.FindSection(section.Mid);
            if (accepted is null || !accepted.Accepted)
            {
                throw new InvalidDataException($"The server rejected the {track.Source} section (mid {section.Mid}).");
            }

            byte payloadType = track.Kind == MediaKind.Audio ? RoomMediaSdp.OpusPayloadType : RoomMediaSdp.Vp8PayloadType;
            int clockRate = track.Kind == MediaKind.Audio ? OpusPacketInfo.ClockRate : 90_000;
            track.Attach(new RtpStreamSender(track.Ssrc, payloadType, clockRate, Connection.SendRtp), Connection.SendRtp);
            _running.Add(Task.Run(() => RunTrackAsync(track), CancellationToken.None));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var track in Tracks)
        {
            track.Detach();
        }

        await Connection.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunTrackAsync(LocalTrack track)
    {
        try
        {
            await track.RunAsync(_time, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private (string Sdp, List<PublishTrackWire> Tracks, SessionDescription Offer) Offer()
    {
        var offer = RoomMediaSdp.BuildPublishOffer(Connection, [.. _sections.Select(entry => entry.Section)], Candidates, _sessionId, ++_version);
        var tracks = _sections
            .Where(entry => entry.Track is not null && !entry.Section.Stopped)
            .Select(entry => new PublishTrackWire(entry.Section.Mid, entry.Track!.Source.ToWire(), entry.Track.Muted))
            .ToList();
        return (offer.ToString(), tracks, offer);
    }
}
