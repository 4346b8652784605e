using System.Net;
using System.Text.Json;
using Parley.Client.Media.Rooms;
using Parley.WebRtc.Client;

namespace Parley.Client;

/// <summary>
/// Room media (docs/protocol.md §9–11): a send transport for what this client publishes (it offers, <c>publish</c>)
/// and a recv transport for what it receives (the server offers in <c>subscriberOffer</c>, we answer with
/// <c>subscriberAnswer</c>). Both are our own WebRTC stack: full ICE, DTLS, SRTP.
/// </summary>
public sealed partial class ParleyClient
{
    private readonly SemaphoreSlim _mediaLock = new(1, 1);

    // Tracks whose transport ended under them (mediaReset, re-join): published again by RestartMedia. Guarded by _mediaLock.
    private readonly List<LocalTrack> _tracksToPublishAgain = [];
    private SendTransport? _sendTransport;
    private ReceiveTransport? _receiveTransport;

    // Offers wait here in order: the notification runs on the socket's receive loop and must not block it.
    private Task _subscriberOffers = Task.CompletedTask;
    private readonly Lock _offerGate = new();

    /// <summary>How the media transports bind and how long they may take to connect. Set before publishing or joining.</summary>
    public ClientMediaOptions MediaOptions { get; } = new();

    /// <summary>A remote track arrived on the recv transport (a consumer in a <c>subscriberOffer</c>).</summary>
    public event EventHandler<RemoteTrackEventArgs>? RemoteTrackAdded;

    /// <summary>A remote track went away (its consumer is gone from the latest <c>subscriberOffer</c>).</summary>
    public event EventHandler<RemoteTrackEventArgs>? RemoteTrackRemoved;

    /// <summary>A <c>subscriberOffer</c> could not be answered (bad SDP, transport failure); the text says why.</summary>
    public event EventHandler<string>? MediaError;

    /// <summary>
    /// The room's media moved to another server node (<c>mediaReset</c>): the SDK has closed both transports and published
    /// the same tracks again; remote tracks return as <see cref="RemoteTrackAdded"/> when the others have done the same.
    /// When publishing again failed, <see cref="MediaResetEventArgs.WillRetry"/> says the SDK retries on a timer, and
    /// <see cref="MediaRepublished"/> follows once it worked.
    /// </summary>
    public event EventHandler<MediaResetEventArgs>? MediaReset;

    /// <summary>The tracks this client publishes now.</summary>
    public IReadOnlyList<LocalTrack> PublishedTracks => _sendTransport?.Tracks ?? [];

    /// <summary>The remote tracks on the recv transport now.</summary>
    public IReadOnlyList<RemoteTrack> RemoteTracks => _receiveTransport?.Tracks ?? [];

    /// <summary>
    /// Publishes <paramref name="track"/> (protocol.md §10.1): a new <c>sendonly</c> section in the send transport's
    /// complete offer; the first publish connects the transport. Returns the producer the server created for it.
    /// Throws <see cref="ParleyException"/> with the server's code when it refuses (90022, 90023, 90020).
    /// </summary>
    public async Task<ProducerInfo> PublishAsync(LocalTrack track, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(track);
        await _mediaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A track waiting to be published again (after a mediaReset) is the app's to publish now: no retry does it too.
            _tracksToPublishAgain.Remove(track);
            return await PublishUnderLockAsync(track, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _mediaLock.Release();
        }
    }

    /// <summary>The publish itself; the caller holds <see cref="_mediaLock"/>.</summary>
    private async Task<ProducerInfo> PublishUnderLockAsync(LocalTrack track, CancellationToken cancellationToken)
    {
        _sendTransport ??= new SendTransport(CreateMediaConnection(MediaOptions.Port, out var candidates), candidates, MediaOptions, _time);
        var (sdp, tracks, offer) = _sendTransport.OfferWith(track);
        PublishResultWire result;
        try
        {
            result = await InvokeMediaAsync(
                "publish", new PublishParamsWire(sdp, tracks), MediaJsonContext.Default.PublishParamsWire, MediaJsonContext.Default.PublishResultWire, cancellationToken).ConfigureAwait(false);
        }
        catch (ParleyException)
        {
            // Refused (e.g. 90023 for a source the PrivateMapKey does not allow): leave nothing of it behind.
            _sendTransport.Withdraw(track);
            throw;
        }

        var producer = result.Producers.FirstOrDefault(p => p.Source == track.Source.ToWire() && (Identifier is null || p.Identifier == Identifier))
            ?? throw new InvalidDataException($"The publish result names no {track.Source.ToWire()} producer.");
        track.ProducerId = producer.ProducerId;
        // The answer says whether an operator locks this source for the stay (adminMuted). A server that does not say it: a
        // track published unmuted but answered muted was locked (a track the member muted itself cannot tell).
        bool locked = producer.AdminMuted ?? (producer.Muted && !track.Muted);
        if (locked && !track.AdminMuted)
        {
            track.AdminMuted = true;
            Raise(TrackAdminMuted, new TrackAdminMutedEventArgs(CurrentRoomId ?? 0, producer.ProducerId, producer.Source, adminMuted: true, muted: true));
        }
        else if (producer.AdminMuted == false)
        {
            track.AdminMuted = false; // a new stay (or a released source): no lock any more
        }

        await _sendTransport.ApplyAnswerAsync(offer, result.Sdp, cancellationToken).ConfigureAwait(false);
        return producer;
    }

    /// <summary>Stops publishing <paramref name="track"/>: <c>unpublish</c>, then a <c>publish</c> without its section (§10.2).</summary>
    public async Task UnpublishAsync(LocalTrack track, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(track);
        await _mediaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tracksToPublishAgain.Remove(track))
            {
                // Waiting to be published again after a mediaReset: its producer is already gone, so forgetting it (and
                // so stopping the retries for it) is the whole unpublish.
                track.ProducerId = null;
                return;
            }

            var transport = _sendTransport ?? throw new InvalidOperationException("Nothing is published.");
            string producerId = track.ProducerId ?? throw new InvalidOperationException("This track is not published.");
            track.Muted = true; // stop sending at once
            await InvokeMediaAsync("unpublish", new ProducerIdParamsWire(producerId), MediaJsonContext.Default.ProducerIdParamsWire, MediaJsonContext.Default.EmptyResultWire, cancellationToken).ConfigureAwait(false);
            var (sdp, tracks, offer) = transport.OfferWithout(track);
            if (transport.Tracks.Count > 0)
            {
                // The offer releases the section. With no live section left it would carry no ICE/DTLS parameters (a
                // stopped m-line has none) and the server would refuse it; the unpublish already closed the producer, and
                // the next publish's offer marks the section stopped.
                var result = await InvokeMediaAsync("publish", new PublishParamsWire(sdp, tracks), MediaJsonContext.Default.PublishParamsWire, MediaJsonContext.Default.PublishResultWire, cancellationToken).ConfigureAwait(false);
                await transport.ApplyAnswerAsync(offer, result.Sdp, cancellationToken).ConfigureAwait(false);
            }

            track.ProducerId = null;
        }
        finally
        {
            _mediaLock.Release();
        }
    }

    /// <summary>An operator locked or released a published track (<c>trackAdminMuted</c>): remembered on the track for the app to show.</summary>
    private void OnTrackAdminMuted(string producerId, bool adminMuted)
    {
        // Runs on the receive loop, which must not wait for _mediaLock (a publish may hold it for seconds): the tracks are a snapshot.
        if (PublishedTracks.FirstOrDefault(t => t.ProducerId == producerId) is { } track)
        {
            track.AdminMuted = adminMuted;
        }
    }

    /// <summary>
    /// Mutes or unmutes a published track (§10.3): the server stops forwarding it, and we stop sending it. Unmuting a track
    /// an operator muted (<see cref="LocalTrack.AdminMuted"/>) fails with 90030.
    /// </summary>
    public async Task MuteTrackAsync(LocalTrack track, bool muted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(track);
        string producerId = track.ProducerId ?? throw new InvalidOperationException("This track is not published.");
        await InvokeMediaAsync("muteTrack", new MuteTrackParamsWire(producerId, muted), MediaJsonContext.Default.MuteTrackParamsWire, MediaJsonContext.Default.EmptyResultWire, cancellationToken).ConfigureAwait(false);
        track.Muted = muted;
    }

    /// <summary>Subscribes to a producer (§10.4), optionally at a spatial layer; its track arrives with the next <c>subscriberOffer</c>.</summary>
    public async Task<ConsumerInfo> SubscribeAsync(string producerId, int? spatialLayer = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(producerId);
        var result = await InvokeMediaAsync("subscribe", new SubscribeParamsWire(producerId, spatialLayer), MediaJsonContext.Default.SubscribeParamsWire, MediaJsonContext.Default.SubscribeResultWire, cancellationToken).ConfigureAwait(false);
        return result.Consumer;
    }

    /// <summary>Ends the subscription to a producer (§10.4); its track is removed with the next offer.</summary>
    public Task UnsubscribeAsync(string producerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(producerId);
        return InvokeMediaAsync("unsubscribe", new ProducerIdParamsWire(producerId), MediaJsonContext.Default.ProducerIdParamsWire, MediaJsonContext.Default.EmptyResultWire, cancellationToken);
    }

    /// <summary>Asks for a simulcast layer of a subscribed video (§10.5): 0 smallest … 2 full size.</summary>
    public Task SetPreferredLayerAsync(string producerId, int spatialLayer, int? temporalLayer = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(producerId);
        ArgumentOutOfRangeException.ThrowIfNegative(spatialLayer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spatialLayer, 2);
        return InvokeMediaAsync("setPreferredLayer", new SetPreferredLayerParamsWire(producerId, spatialLayer, temporalLayer), MediaJsonContext.Default.SetPreferredLayerParamsWire, MediaJsonContext.Default.EmptyResultWire, cancellationToken);
    }

    /// <summary>Counters of both transports and every track.</summary>
    public Task<MediaStats> GetMediaStatsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var send = _sendTransport?.Connection.GetStats();
        var receive = _receiveTransport?.Connection.GetStats();
        var published = (_sendTransport?.Tracks ?? [])
            .Select(t => new LocalTrackStats(t.ProducerId, t.Source, t.Codec, t.Muted, t.PacketsSent, t.FramesSent, t.BytesSent)).ToList();
        var received = RemoteTracks
            .Select(t => new RemoteTrackStats(t.ProducerId, t.Identifier, t.Source, t.PacketsReceived, t.BytesReceived, t.FramesReceived, t.PacketsLost)).ToList();
        return Task.FromResult(new MediaStats
        {
            PacketsSent = send?.RtpPacketsOut ?? 0,
            BytesSent = send?.RtpBytesOut ?? 0,
            FramesSent = published.Sum(t => t.FramesSent),
            PacketsReceived = receive?.RtpPacketsIn ?? 0,
            BytesReceived = received.Sum(t => t.BytesReceived),
            FramesReceived = received.Sum(t => t.FramesReceived),
            PacketsLost = received.Sum(t => t.PacketsLost),
            SendSrtpProfile = send?.SrtpProfile,
            ReceiveSrtpProfile = receive?.SrtpProfile,
            SendServerEndPoint = _sendTransport?.Connection.RemoteEndPoint,
            ReceiveServerEndPoint = _receiveTransport?.Connection.RemoteEndPoint,
            Published = published,
            Received = received,
        });
    }

    /// <summary>
    /// Closes both media transports, stopping every local track and ending every remote one (<see cref="RemoteTrackRemoved"/>).
    /// Called by the client itself when the stay ends (exit, switch, logout, kick, forceOffline, userSig expiry, dispose).
    /// </summary>
    public async Task CloseMediaAsync()
    {
        StopRepublishRetry();
        await _mediaLock.WaitAsync().ConfigureAwait(false);
        try
        {
            // The stay is over: tracks still waiting to be published again after a mediaReset have nowhere to go.
            _tracksToPublishAgain.Clear();
            var send = Interlocked.Exchange(ref _sendTransport, null);
            var receive = Interlocked.Exchange(ref _receiveTransport, null);
            if (send is not null)
            {
                await send.DisposeAsync().ConfigureAwait(false);
            }

            if (receive is not null)
            {
                foreach (var track in receive.Tracks)
                {
                    RaiseMedia(RemoteTrackRemoved, new RemoteTrackEventArgs(track));
                }

                await receive.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _mediaLock.Release();
        }
    }

    /// <summary>
    /// The stay ended without a call of ours (kicked, forceOffline, userSig expired): the server already tore its side
    /// down, so ours goes at once. Runs off the receive thread, which must not wait for the media lock.
    /// </summary>
    private void CloseMediaInBackground() => _ = Task.Run(async () =>
    {
        try
        {
            await CloseMediaAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            RaiseMediaError("Closing the media transports failed: " + ex.Message);
        }
    });

    /// <summary>Called from the constructor: routes the media events of protocol.md §11 that this part handles.</summary>
    private void InitializeMedia() => ExtensionNotification += OnMediaNotification;

    /// <summary>Receive loop: decode now (the element dies with the frame), answer in order on the thread pool.</summary>
    private void OnMediaNotification(string method, JsonElement parameters)
    {
        switch (method)
        {
            case "subscriberOffer" when TryReadMediaEvent(method, parameters, MediaJsonContext.Default.SubscriberOfferEventWire, out var offer):
                QueueAfterOffers(() => AnswerSubscriberOfferAsync(offer));
                break;
            case "mediaReset" when TryReadMediaEvent(method, parameters, MediaJsonContext.Default.MediaResetEventWire, out var reset):
                // §10.9: the room's media moved to another node.
                RestartMedia(reset.RoomId, reset.Reason);
                break;
        }
    }

    /// <summary>Decodes a media event's params; a bad one is reported through <see cref="MediaError"/> and skipped.</summary>
    private bool TryReadMediaEvent<T>(string method, JsonElement parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        where T : class
    {
        try
        {
            value = parameters.Deserialize(typeInfo);
        }
        catch (JsonException ex)
        {
            RaiseMediaError(method + " with bad params: " + ex.Message);
            value = null;
        }

        return value is not null;
    }

    /// <summary>Runs <paramref name="work"/> after everything queued before it (offers, resets), in arrival order.</summary>
    private Task QueueAfterOffers(Func<Task> work)
    {
        lock (_offerGate)
        {
            return _subscriberOffers = _subscriberOffers.ContinueWith(_ => work(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>
    /// The server-side transports are gone (<c>mediaReset</c>, or a reconnect that re-joined instead of resuming):
    /// closes ours, queued with the offers so the old recv transport is gone before the next offer is answered, then
    /// publishes the same tracks again off that queue and raises <see cref="MediaReset"/>.
    /// </summary>
    private void RestartMedia(long roomId, string reason) => PublishAgainAfter(QueueTransportClose(), roomId, reason);

    /// <summary>Queues the closing of both transports behind the offers already received; returns when it has run.</summary>
    private Task QueueTransportClose() => QueueAfterOffers(CloseTransportsKeepingTracksAsync);

    /// <summary>Closes both transports; the tracks published on the send transport wait in <see cref="_tracksToPublishAgain"/>.</summary>
    private async Task CloseTransportsKeepingTracksAsync()
    {
        await _mediaLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var send = Interlocked.Exchange(ref _sendTransport, null);
            var receive = Interlocked.Exchange(ref _receiveTransport, null);
            if (send is not null)
            {
                _tracksToPublishAgain.AddRange(send.Tracks.Where(track => !_tracksToPublishAgain.Contains(track)));
                await send.DisposeAsync().ConfigureAwait(false); // detaches the tracks; they keep their muted state
            }

            if (receive is not null)
            {
                foreach (var track in receive.Tracks)
                {
                    RaiseMedia(RemoteTrackRemoved, new RemoteTrackEventArgs(track));
                }

                await receive.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            RaiseMediaError("Closing the media transports failed: " + ex.Message);
        }
        finally
        {
            _mediaLock.Release();
        }
    }

    private async Task AnswerSubscriberOfferAsync(SubscriberOfferEventWire offer)
    {
        try
        {
            ReceiveTransport transport;
            await _mediaLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_receiveTransport is null)
                {
                    int port = MediaOptions.Port == 0 ? 0 : MediaOptions.Port + 1;
                    _receiveTransport = new ReceiveTransport(CreateMediaConnection(port, out var candidates), candidates, MediaOptions);
                }

                transport = _receiveTransport;
            }
            finally
            {
                _mediaLock.Release();
            }

            var (answer, added, removed, negotiation) = transport.Answer(offer.Sdp, offer.Version, offer.Consumers);
            foreach (var track in added)
            {
                RaiseMedia(RemoteTrackAdded, new RemoteTrackEventArgs(track));
            }

            foreach (var track in removed)
            {
                RaiseMedia(RemoteTrackRemoved, new RemoteTrackEventArgs(track));
            }

            await InvokeMediaAsync("subscriberAnswer", new SubscriberAnswerParamsWire(answer, offer.Version), MediaJsonContext.Default.SubscriberAnswerParamsWire, MediaJsonContext.Default.EmptyResultWire, _lifetime.Token).ConfigureAwait(false);
            await transport.StartConnecting(negotiation, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or ParleyException or TimeoutException or OperationCanceledException or InvalidOperationException or Parley.Dtls.DtlsHandshakeException or System.Net.Sockets.SocketException)
        {
            RaiseMediaError("subscriberOffer version " + offer.Version + ": " + ex.Message);
        }
    }

    /// <summary>A media socket: bound to the configured address, else loopback for a loopback server, else every interface.</summary>
    private WebRtcClientConnection CreateMediaConnection(int port, out IReadOnlyList<IPEndPoint> candidates)
    {
        bool loopbackServer = _options.ServerUri.IsLoopback;
        var bind = MediaOptions.BindAddress ?? (loopbackServer ? IPAddress.Loopback : IPAddress.Any);
        var connection = new WebRtcClientConnection(bind, _time, _options.LoggerFactory, port: port);
        candidates = connection.GetLocalCandidates(remoteIsLoopback: loopbackServer);
        return connection;
    }

    private Task<TResult> InvokeMediaAsync<TParams, TResult>(
        string method, TParams parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TParams> parametersType, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        if (CurrentRoomId is null)
        {
            throw new InvalidOperationException("Join a room first (media methods require being in a room).");
        }

        return InvokeAsync(method, parameters, parametersType, resultType, cancellationToken);
    }

    private void RaiseMedia(EventHandler<RemoteTrackEventArgs>? handler, RemoteTrackEventArgs args) => Raise(handler, args);

    private void RaiseMediaError(string message)
    {
        if (MediaError is { } handler)
        {
            _events.Post(() => handler(this, message));
        }
    }
}
