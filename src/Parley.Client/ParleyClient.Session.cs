using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parley.Client.Internal;
using Parley.Client.Media.Rooms;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;
using WireEvents = Parley.Protocol.Messages.Events;

namespace Parley.Client;

// The connection's life: connect and log in, heartbeats, server notifications, losing the socket and reconnecting.
public sealed partial class ParleyClient
{
    /// <summary>
    /// Connects and logs in. Given the previous session's <see cref="LoginResult"/> with a resume token, it first sends
    /// <c>resume</c> on the new connection (docs/protocol.md §13) and logs in on that same connection when the server
    /// refuses (window passed, a server without resume). <c>Resumed</c> says which happened.
    /// </summary>
    private async Task<(JsonRpcConnection Connection, LoginResult Login, bool Resumed)> ConnectAndLoginAsync(
        SessionCredentials credentials, CancellationToken cancellationToken, LoginResult? resumeFrom = null)
    {
        lock (_gate)
        {
            _terminalReason = null;
        }
        var connection = await ConnectToAnyServerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (resumeFrom?.ResumeToken is { } token)
            {
                try
                {
                    var resumed = await connection.InvokeAsync(Methods.Resume, new ResumeParams(resumeFrom.SessionId, token), Json.ResumeParams, Json.LoginResult,
                            _options.RequestTimeout, cancellationToken)
                        .ConfigureAwait(false);
                    return (connection, resumed, true);
                }
                catch (ParleyException ex) when (ex.Code is ErrorCodes.ResumeFailed or ErrorCodes.MethodNotFound)
                {
                    // The connection stays open after a refused resume: log in on it.
                }
            }

            var login = await connection.InvokeAsync(
                    Methods.Login,
                    new LoginParams(credentials.SdkAppId, credentials.Identifier, credentials.UserSig, _platform, credentials.PrivateMapKey,
                        _options.Resumable ? true : null),
                    Json.LoginParams,
                    Json.LoginResult,
                    _options.RequestTimeout,
                    cancellationToken)
                .ConfigureAwait(false);
            return (connection, login, false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens a connection to the server in use or, when it does not answer, to the next of the configured URLs in turn
    /// (a dead node is skipped at once, not after a backoff). The one that answered stays in use.
    /// </summary>
    private async Task<JsonRpcConnection> ConnectToAnyServerAsync(CancellationToken cancellationToken)
    {
        var servers = ServerUris;
        ParleyException? lastError = null;
        for (var i = 0; i < servers.Count; i++)
        {
            var index = (Volatile.Read(ref _serverIndex) + i) % servers.Count;
            try
            {
                var connection = await JsonRpcConnection.ConnectAsync(servers[index], _options, _time, _logger, OnNotification, cancellationToken)
                    .ConfigureAwait(false);
                if (index != Volatile.Read(ref _serverIndex))
                {
                    Log.FailedOver(_logger, servers[index]);
                }
                Volatile.Write(ref _serverIndex, index);
                return connection;
            }
            catch (ParleyException ex) when (ex.Code is ErrorCodes.ConnectionClosed or ErrorCodes.Timeout && i < servers.Count - 1)
            {
                lastError = ex;
                Log.ServerUnreachable(_logger, servers[index], ex.Message);
            }
        }
        throw lastError ?? new ParleyException(ErrorCodes.ConnectionClosed, ErrorCodes.Describe(ErrorCodes.ConnectionClosed));
    }

    /// <summary>Makes <paramref name="connection"/> the session's and starts its heartbeat and watcher. Caller holds _gate.</summary>
    private void AdoptConnection(JsonRpcConnection connection, LoginResult login)
    {
        _connection = connection;
        _login = login;
        LearnServers(login.Servers);
        _serverClockOffset = DateTimeOffset.FromUnixTimeMilliseconds(login.ServerTime) - _time.GetUtcNow();
        _state = ParleyClientState.LoggedIn;
        _connectionTasks?.Dispose();
        _connectionTasks = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var token = _connectionTasks.Token;
        var interval = TimeSpan.FromMilliseconds(Math.Max(login.HeartbeatIntervalMs, 100));
        var timeout = TimeSpan.FromMilliseconds(Math.Max(login.HeartbeatTimeoutMs, login.HeartbeatIntervalMs));
        _ = HeartbeatLoopAsync(connection, interval, timeout, token);
        _ = WatchConnectionAsync(connection);
        SyncAfterLogin();
    }

    /// <summary>
    /// Pings every heartbeat interval; when nothing at all (answer or event) came from the server for the heartbeat
    /// timeout, the server or the path to it is dead, and the socket is dropped so the reconnect path takes over.
    /// </summary>
    private async Task HeartbeatLoopAsync(JsonRpcConnection connection, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var silence = _time.GetElapsedTime(connection.LastReceivedTimestamp);
                if (silence >= timeout)
                {
                    Log.HeartbeatTimeout(_logger, silence);
                    connection.Abort($"heartbeat timeout: no frame from the server for {silence.TotalMilliseconds:0} ms");
                    return;
                }
                _ = PingQuietlyAsync(connection, timeout, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended or the client was disposed.
        }
    }

    private static async Task PingQuietlyAsync(JsonRpcConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await connection.InvokeAsync(Methods.Ping, (EmptyResult?)null, null, Json.PingResult, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ParleyException or OperationCanceledException)
        {
            // A lost ping is judged by the silence check, not here.
        }
    }

    private async Task WatchConnectionAsync(JsonRpcConnection connection)
    {
        var closure = await connection.Completion.ConfigureAwait(false);
        bool reconnect;
        string reason;
        CancellationToken reconnectToken = default;
        lock (_gate)
        {
            if (_connection != connection)
            {
                // Logout or dispose took the connection away on purpose; they report it themselves.
                return;
            }
            _connection = null;
            _connectionTasks?.Cancel();
            reason = _terminalReason ?? closure.Reason;
            reconnect = _options.AutoReconnect && _credentials is not null && !_lifetime.IsCancellationRequested && !IsTerminal(closure);
            if (reconnect && closure.CloseCode == CloseCodes.GoingAway && ServerUris.Count > 1)
            {
                // The node is going away: start with the next one rather than knock on a closing door.
                _serverIndex = (_serverIndex + 1) % ServerUris.Count;
            }
            if (reconnect)
            {
                _state = ParleyClientState.Reconnecting;
                _reconnect?.Dispose();
                _reconnect = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
                reconnectToken = _reconnect.Token;
            }
        }
        if (!reconnect)
        {
            DetachSession();
        }
        await connection.DisposeAsync().ConfigureAwait(false);
        Log.Disconnected(_logger, closure.CloseCode, reason, reconnect);
        RaiseDisconnected(closure.CloseCode, reason, reconnect);
        if (reconnect)
        {
            await ReconnectLoopAsync(reconnectToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kicks and deliberate closes end the session; anything else (network, heartbeat, 4003) is worth a reconnect. Caller holds _gate.</summary>
    private bool IsTerminal(ConnectionClosure closure)
    {
        if (_terminalReason is not null)
        {
            return true;
        }
        return closure.CloseCode switch
        {
            // Reconnecting after these would repeat the kick, be refused, or keep flooding (docs/protocol.md §3).
            CloseCodes.ForceOffline or CloseCodes.UserSigExpired or CloseCodes.Flood => true,
            // A node going away (shutdown or drain) is worth a reconnect when there are other nodes to go to.
            CloseCodes.GoingAway => !_options.ReconnectOnServerShutdown && ServerUris.Count < 2,
            _ => false,
        };
    }

    private async Task ReconnectLoopAsync(CancellationToken cancellationToken)
    {
        SessionCredentials credentials;
        LoginResult previousLogin;
        TimeSpan clockOffset;
        long? roomId;
        string? role;
        lock (_gate)
        {
            if (_credentials is null || _login is null)
            {
                return;
            }
            credentials = _credentials;
            previousLogin = _login;
            clockOffset = _serverClockOffset;
            roomId = _roomId;
            role = _role;
        }

        var delay = _options.ReconnectInitialDelay;
        Exception lastError = new ParleyException(ErrorCodes.ConnectionClosed, ErrorCodes.Describe(ErrorCodes.ConnectionClosed));
        for (var attempt = 1; _options.MaxReconnectAttempts == 0 || attempt <= _options.MaxReconnectAttempts; attempt++)
        {
            try
            {
                await Task.Delay(WithJitter(delay), _time, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    // RenewUserSigAsync cannot run while reconnecting, but re-read in case the session was replaced.
                    credentials = _credentials ?? credentials;
                }
                var serverNow = _time.GetUtcNow() + clockOffset;
                if (serverNow.ToUnixTimeMilliseconds() >= previousLogin.UserSigExpiresAt)
                {
                    GiveUp(attempt - 1, ParleyException.FromCode(ErrorCodes.UserSigExpired));
                    return;
                }
                if (await TryReconnectOnceAsync(attempt, credentials, previousLogin, roomId, role, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // Logout or dispose stopped the reconnect.
            }
            catch (ParleyException ex) when (IsRefusal(ex.Code))
            {
                GiveUp(attempt, ex);
                return;
            }
            catch (ParleyException ex)
            {
                lastError = ex;
                Log.ReconnectAttemptFailed(_logger, attempt, ex.Message);
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
        GiveUp(_options.MaxReconnectAttempts, lastError);
    }

    /// <summary>One attempt: resume, or connect, log in and re-join. True when the session is back.</summary>
    private async Task<bool> TryReconnectOnceAsync(int attempt, SessionCredentials credentials, LoginResult previous, long? roomId, string? role,
        CancellationToken cancellationToken)
    {
        await _sessionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (connection, login, resumed) = await ConnectAndLoginAsync(credentials, cancellationToken, previous).ConfigureAwait(false);
            if (resumed)
            {
                return AdoptResumed(attempt, connection, login);
            }
            // A new session: the old one's transports died with it. Ours close before the re-join, so the new session's
            // first subscriberOffer gets a new recv transport; the same tracks are published again once back in the room.
            var closingMedia = roomId is null ? null : QueueTransportClose();
            JoinRoomResult? room = null;
            ParleyException? rejoinError = null;
            try
            {
                if (roomId is long id)
                {
                    room = await RejoinAsync(connection, id, role, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ParleyException ex) when (ex.Code is not (ErrorCodes.ConnectionClosed or ErrorCodes.Timeout))
            {
                // The server refused the room (it stays logged in): report it with Reconnected rather than loop.
                rejoinError = ex;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            bool adopted;
            lock (_gate)
            {
                adopted = !cancellationToken.IsCancellationRequested && _state == ParleyClientState.Reconnecting;
                if (adopted)
                {
                    _roomId = room?.RoomId;
                    _role = room?.Role.Name;
                    AdoptConnection(connection, login);
                }
            }
            if (!adopted)
            {
                // Logout or dispose won the race: this fresh session is not wanted.
                await connection.DisposeAsync().ConfigureAwait(false);
                return true;
            }
            Log.Reconnected(_logger, attempt, room?.RoomId);
            Raise(Reconnected, new ReconnectedEventArgs(attempt, login, room, rejoinError));
            if (room is not null && closingMedia is not null)
            {
                PublishAgainAfter(closingMedia, room.RoomId, MediaResetReasons.Rejoined);
            }
            return true;
        }
        finally
        {
            _sessionLock.Release();
        }
    }

    private const int RejoinAttempts = 4;

    /// <summary>
    /// Joins the room again on a new session. RoomEnterFailed (-3301) is the server's "could not reach the room right now"
    /// — during a failover the cluster may still be placing grains that lived on the dead node — so it is tried again a
    /// few times (0.25, 0.5, 1 s apart) before being reported; other refusals are final at once.
    /// </summary>
    private async Task<JoinRoomResult> RejoinAsync(JsonRpcConnection connection, long roomId, string? role, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await connection.InvokeAsync(Methods.JoinRoom, new JoinRoomParams(roomId, role), Json.JoinRoomParams, Json.JoinRoomResult, _options.RequestTimeout, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (ParleyException ex) when (ex.Code == ErrorCodes.RoomEnterFailed && attempt < RejoinAttempts)
            {
                Log.RejoinAttemptFailed(_logger, roomId, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250 << (attempt - 1)), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The resumed session takes the new connection; room and media stay as they were. Caller holds _sessionLock.</summary>
    private bool AdoptResumed(int attempt, JsonRpcConnection connection, LoginResult login)
    {
        bool adopted;
        lock (_gate)
        {
            adopted = _state == ParleyClientState.Reconnecting;
            if (adopted)
            {
                _roomId = login.RoomId;
                if (login.RoomId is null)
                {
                    _role = null;
                }
                AdoptConnection(connection, login);
            }
        }
        if (!adopted)
        {
            _ = connection.DisposeAsync().AsTask();
            return true;
        }
        Log.Reconnected(_logger, attempt, login.RoomId);
        Raise(Reconnected, new ReconnectedEventArgs(attempt, login, null, null, resumed: true));
        return true;
    }

    /// <summary>Login refusals that a retry with the same userSig cannot fix.</summary>
    private static bool IsRefusal(int code) =>
        code is (>= 70000 and < 71000) or ErrorCodes.IdentifierInvalid or ErrorCodes.PlatformInvalid;

    private void GiveUp(int attempts, Exception error)
    {
        Log.ReconnectGaveUp(_logger, attempts, error);
        DetachSession();
        Raise(ReconnectFailed, new ReconnectFailedEventArgs(attempts, error));
    }

    private void CancelReconnect()
    {
        lock (_gate)
        {
            _reconnect?.Cancel();
        }
    }

    private static TimeSpan WithJitter(TimeSpan delay)
    {
        // ±20 % so that many clients dropped by one server restart do not come back in lockstep.
        var factor = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromTicks((long)(delay.Ticks * factor));
    }

    /// <summary>Runs on the receive loop: decode, update state, queue the event. Never blocks.</summary>
    private void OnNotification(string method, JsonElement parameters)
    {
        switch (method)
        {
            // Room events change no client state: with nobody listening, skip decoding them (a big room sends many).
            case WireEvents.MemberEntered when MemberEntered is null:
            case WireEvents.MemberExited when MemberExited is null:
            case WireEvents.RoleChanged when RoleChanged is null:
                break;
            case WireEvents.MemberEntered when TryRead(method, parameters, Json.MemberEnteredEvent, out var entered):
                Raise(MemberEntered, new MemberEnteredEventArgs(entered.RoomId, entered.Member));
                break;
            case WireEvents.MemberExited when TryRead(method, parameters, Json.MemberExitedEvent, out var exited):
                Raise(MemberExited, new MemberExitedEventArgs(exited.RoomId, exited.Identifier, exited.Reason));
                break;
            case WireEvents.RoleChanged when TryRead(method, parameters, Json.RoleChangedEvent, out var changed):
                Raise(RoleChanged, new RoleChangedEventArgs(changed.RoomId, changed.Identifier, changed.Role));
                break;
            case WireEvents.ForceOffline when TryRead(method, parameters, Json.ForceOfflineEvent, out var kicked):
                MarkTerminal(kicked.Reason == ForceOfflineReasons.KickedByAdmin ? "forceOffline: kicked by the app" : "forceOffline: logged in on " + kicked.Platform);
                CloseMediaInBackground();
                Raise(ForceOffline, new ForceOfflineEventArgs(kicked.Reason, kicked.Platform));
                break;
            case WireEvents.UserSigExpired when TryRead(method, parameters, Json.UserSigExpiredEvent, out var expired):
                MarkTerminal("userSig expired");
                CloseMediaInBackground();
                Raise(UserSigExpired, new UserSigExpiredEventArgs(DateTimeOffset.FromUnixTimeMilliseconds(expired.ExpiredAt)));
                break;
            case WireEvents.ServerShuttingDown when TryRead(method, parameters, Json.ServerShuttingDownEvent, out var shutdown):
                if (!_options.ReconnectOnServerShutdown && ServerUris.Count < 2)
                {
                    MarkTerminal("server shutting down: " + shutdown.Reason);
                }
                Raise(ServerShuttingDown, new ServerShuttingDownEventArgs(shutdown.Reason));
                break;
            case WireEvents.RoomMessage when TryRead(method, parameters, Json.RoomMessageEvent, out var message):
                Raise(RoomMessageReceived, new RoomMessageEventArgs(message.RoomId, message.From, message.CmdId, message.Seq, message.Data));
                break;
            case WireEvents.TrackPublished when TryRead(method, parameters, Json.TrackPublishedEvent, out var published):
                Raise(TrackPublished, new TrackPublishedEventArgs(published.RoomId, published.Producer));
                break;
            case WireEvents.TrackUnpublished when TryRead(method, parameters, Json.TrackUnpublishedEvent, out var unpublished):
                Raise(TrackUnpublished, new TrackUnpublishedEventArgs(unpublished.RoomId, unpublished.Identifier, unpublished.ProducerId));
                break;
            case WireEvents.TrackMuted when TryRead(method, parameters, Json.TrackMutedEvent, out var muted):
                Raise(TrackMuted, new TrackMutedEventArgs(muted.RoomId, muted.Identifier, muted.ProducerId, muted.Muted, muted.ByAdmin == true));
                break;
            case WireEvents.TrackAdminMuted when TryRead(method, parameters, Json.TrackAdminMutedEvent, out var adminMuted):
                OnTrackAdminMuted(adminMuted.ProducerId, adminMuted.AdminMuted);
                Raise(TrackAdminMuted, new TrackAdminMutedEventArgs(adminMuted.RoomId, adminMuted.ProducerId, adminMuted.Source, adminMuted.AdminMuted, adminMuted.Muted));
                break;
            case WireEvents.UserVideoAvailable or WireEvents.UserAudioAvailable or WireEvents.UserSubStreamAvailable
                when TryRead(method, parameters, Json.UserAvailableEvent, out var available):
                Raise(UserAvailabilityChanged, new UserAvailabilityEventArgs(available.RoomId, available.Identifier,
                    method switch
                    {
                        WireEvents.UserVideoAvailable => TrackSources.Camera,
                        WireEvents.UserAudioAvailable => TrackSources.Microphone,
                        _ => TrackSources.Screen,
                    }, available.Available));
                break;
            case WireEvents.KickedOut when TryRead(method, parameters, Json.KickedOutEvent, out var kickedOut):
                lock (_gate)
                {
                    if (_roomId == kickedOut.RoomId)
                    {
                        _roomId = null;
                        _role = null;
                    }
                    else if (_enteringRoomId == kickedOut.RoomId)
                    {
                        _kickedWhileEntering = true; // EnterRoomAsync has not recorded the room yet
                    }
                }
                CloseMediaInBackground();
                var vendorReason = kickedOut.VendorReason == (int)RoomExitReason.Dismissed ? RoomExitReason.Dismissed : RoomExitReason.Removed;
                Raise(KickedOut, new KickedOutEventArgs(kickedOut.RoomId, kickedOut.Reason, vendorReason));
                Raise(RoomExited, new RoomExitedEventArgs(kickedOut.RoomId, kickedOut.Reason, vendorReason));
                break;
            case WireEvents.MemberEntered or WireEvents.MemberExited or WireEvents.RoleChanged
                or WireEvents.ForceOffline or WireEvents.UserSigExpired or WireEvents.ServerShuttingDown
                or WireEvents.RoomMessage or WireEvents.TrackPublished or WireEvents.TrackUnpublished or WireEvents.TrackMuted
                or WireEvents.UserVideoAvailable or WireEvents.UserAudioAvailable or WireEvents.UserSubStreamAvailable or WireEvents.KickedOut
                or WireEvents.TrackAdminMuted:
                break; // TryRead logged the bad params.
            default:
                if (ExtensionNotification is { } extension)
                {
                    extension(method, parameters);
                }
                else
                {
                    Log.UnknownNotification(_logger, method);
                }
                break;
        }
    }

    private void MarkTerminal(string reason)
    {
        lock (_gate)
        {
            _terminalReason ??= reason;
        }
    }

    private bool TryRead<T>(string method, JsonElement parameters, JsonTypeInfo<T> type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
    {
        value = default;
        if (parameters.ValueKind == JsonValueKind.Object)
        {
            try
            {
                value = parameters.Deserialize(type);
            }
            catch (JsonException)
            {
                value = default;
            }
        }
        if (value is null)
        {
            Log.BadNotificationParams(_logger, method);
            return false;
        }
        return true;
    }

    private void RaiseDisconnected(int? closeCode, string reason, bool willReconnect) =>
        Raise(Disconnected, new DisconnectedEventArgs(closeCode, reason, willReconnect));

    private void Raise<TArgs>(EventHandler<TArgs>? handler, TArgs args)
        where TArgs : EventArgs
    {
        if (handler is not null)
        {
            _events.Post(() => handler(this, args));
        }
    }

    /// <summary>
    /// For SDK parts in this assembly (the media transport in Media/): notifications the signaling part does not know.
    /// Runs on the receive loop and the element dies with the frame, so a handler decodes synchronously and queues.
    /// </summary>
    internal event Action<string, JsonElement>? ExtensionNotification;

    /// <summary>For SDK parts in this assembly (the media transport): any protocol method on the session's socket.</summary>
    internal Task<TResult> InvokeAsync<TParams, TResult>(
        string method, TParams parameters, JsonTypeInfo<TParams> parametersType, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken) =>
        RequireConnection().InvokeAsync(method, parameters, parametersType, resultType, _options.RequestTimeout, cancellationToken);

    /// <summary>Test hook: drops the socket as a network failure would, so the reconnect path runs.</summary>
    internal void AbortConnectionForTesting()
    {
        JsonRpcConnection? connection;
        lock (_gate)
        {
            connection = _connection;
        }
        connection?.Abort("connection aborted by test");
    }
}
