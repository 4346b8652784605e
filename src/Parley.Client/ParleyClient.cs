using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Client.Internal;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Protocol.Roles;

namespace Parley.Client;

/// <summary>
/// The Parley signaling client: logs in with a userSig, enters rooms with a role, reports room events, keeps the
/// session alive with heartbeats and, when the socket drops for no terminal reason, reconnects, logs in again and
/// re-joins the room by itself (raising <see cref="Disconnected"/> then <see cref="Reconnected"/>).
/// Thread-safe; event handlers run one at a time, in order, off the receive loop.
/// </summary>
public sealed partial class ParleyClient : IAsyncDisposable
{
    private static ProtocolJsonContext Json => ProtocolJsonContext.Default;

    private readonly ParleyClientOptions _options;
    private readonly string _platform;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventDispatcher _events;
    // Serializes the operations that replace the connection: login, logout, each reconnect attempt, dispose.
    private readonly SemaphoreSlim _sessionLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();

    // Guarded by _gate.
    private ParleyClientState _state = ParleyClientState.Disconnected;
    private JsonRpcConnection? _connection;
    private CancellationTokenSource? _connectionTasks;
    private CancellationTokenSource? _reconnect;
    private SessionCredentials? _credentials;
    private LoginResult? _login;
    private TimeSpan _serverClockOffset;
    private long? _roomId;
    private string? _role;
    // The room a join or switch is entering, and whether its stay ended (kickedOut) before the join's continuation ran.
    private long? _enteringRoomId;
    private bool _kickedWhileEntering;
    private string? _terminalReason;
    private int _disposeStarted;
    // Index into ServerUris of the server in use; moves on when a connect attempt fails.
    private int _serverIndex;

    public ParleyClient(ParleyClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _platform = options.Validate();
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        _logger = options.LoggerFactory?.CreateLogger<ParleyClient>() ?? (ILogger)NullLogger.Instance;
        _events = new EventDispatcher(_logger);
        InitializeServers();
        InitializeMedia();
        InitializeChat();
    }

    /// <summary>Someone entered this client's room.</summary>
    public event EventHandler<MemberEnteredEventArgs>? MemberEntered;
    /// <summary>Someone left this client's room.</summary>
    public event EventHandler<MemberExitedEventArgs>? MemberExited;
    /// <summary>A member of this client's room switched role.</summary>
    public event EventHandler<RoleChangedEventArgs>? RoleChanged;
    /// <summary>The same identifier logged in elsewhere; the session is over (close 4001).</summary>
    public event EventHandler<ForceOfflineEventArgs>? ForceOffline;
    /// <summary>The userSig expired while logged in; the session is over (close 4002, R2.4).</summary>
    public event EventHandler<UserSigExpiredEventArgs>? UserSigExpired;
    /// <summary>The server is shutting down (close 1001 follows).</summary>
    public event EventHandler<ServerShuttingDownEventArgs>? ServerShuttingDown;
    /// <summary>The socket closed, deliberately or not; <see cref="DisconnectedEventArgs.WillReconnect"/> says what follows.</summary>
    public event EventHandler<DisconnectedEventArgs>? Disconnected;
    /// <summary>The client reconnected, logged in again and re-joined its room.</summary>
    public event EventHandler<ReconnectedEventArgs>? Reconnected;
    /// <summary>Reconnecting stopped for good; the client is logged out.</summary>
    public event EventHandler<ReconnectFailedEventArgs>? ReconnectFailed;

    /// <summary>A member of this client's room sent a room message (<c>roomMessage</c>).</summary>
    public event EventHandler<RoomMessageEventArgs>? RoomMessageReceived;


    /// <summary>Another member published a track (<c>trackPublished</c>).</summary>
    public event EventHandler<TrackPublishedEventArgs>? TrackPublished;

    /// <summary>Another member's track closed (<c>trackUnpublished</c>; precedes its <see cref="MemberExited"/> when it left).</summary>
    public event EventHandler<TrackUnpublishedEventArgs>? TrackUnpublished;

    /// <summary>Another member muted or unmuted a track (<c>trackMuted</c>).</summary>
    public event EventHandler<TrackMutedEventArgs>? TrackMuted;

    /// <summary>
    /// The vendor-style <c>userVideoAvailable</c> / <c>userAudioAvailable</c> / <c>userSubStreamAvailable</c>:
    /// <see cref="UserAvailabilityEventArgs.Source"/> says which.
    /// </summary>
    public event EventHandler<UserAvailabilityEventArgs>? UserAvailabilityChanged;

    /// <summary>
    /// An operator removed this client from its room or dismissed the room (<c>kickedOut</c>, <see cref="KickedOutEventArgs.VendorReason"/>);
    /// the session stays logged in, outside any room. <see cref="RoomExited"/> follows.
    /// </summary>
    public event EventHandler<KickedOutEventArgs>? KickedOut;

    /// <summary>
    /// This client's stay in a room ended, with the vendor's reason: it left (<see cref="ExitRoomAsync"/>), was removed, or
    /// the room was dismissed (admin API).
    /// </summary>
    public event EventHandler<RoomExitedEventArgs>? RoomExited;

    /// <summary>An operator muted or released one of this client's published tracks (<c>trackAdminMuted</c>).</summary>
    public event EventHandler<TrackAdminMutedEventArgs>? TrackAdminMuted;

    /// <summary>Where the client is in its life.</summary>
    public ParleyClientState State
    {
        get { lock (_gate) { return _state; } }
    }

    /// <summary>True while a session is established (not while reconnecting).</summary>
    public bool IsLoggedIn => State == ParleyClientState.LoggedIn;

    /// <summary>The server URL in use: <see cref="ParleyClientOptions.ServerUri"/> or the one of <see cref="ServerUris"/> it failed over to.</summary>
    public Uri CurrentServerUri => ServerUris[Volatile.Read(ref _serverIndex)];

    /// <summary>The identifier as the server spells it (the first spelling used in the app, R2.1); null before login.</summary>
    public string? Identifier
    {
        get { lock (_gate) { return _login?.Identifier; } }
    }

    /// <summary>The server's id of the current session (the same after a resume, a new one after a fresh login); null before login.</summary>
    public string? SessionId
    {
        get { lock (_gate) { return _login?.SessionId; } }
    }

    /// <summary>The sdkAppId of the current session; null before login.</summary>
    public long? SdkAppId
    {
        get { lock (_gate) { return _credentials?.SdkAppId; } }
    }

    /// <summary>The room this client is in, or null.</summary>
    public long? CurrentRoomId
    {
        get { lock (_gate) { return _roomId; } }
    }

    /// <summary>The role applied in the current room (after R4.4's fallback), or null.</summary>
    public string? CurrentRole
    {
        get { lock (_gate) { return _role; } }
    }

    /// <summary>The role configuration pulled at login for this platform (R4.6); null before login.</summary>
    public RoleSet? Roles
    {
        get { lock (_gate) { return _login?.Roles; } }
    }

    /// <summary>When the current userSig expires, by the server's clock; null before login.</summary>
    public DateTimeOffset? UserSigExpiresAt
    {
        get { lock (_gate) { return _login is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(_login.UserSigExpiresAt); } }
    }

    /// <summary>
    /// The STUN/TURN servers (with this session's time-limited TURN credentials) the server handed out at login or the
    /// last resume; empty when it configures none. The SDK's own media stack connects to the server's host candidates
    /// over UDP only and does not speak TURN: these are for apps that run their own WebRTC stack beside the SDK
    /// (docs/sdk-csharp.md, docs/turn.md).
    /// </summary>
    public IReadOnlyList<IceServer> IceServers
    {
        get { lock (_gate) { return _login?.IceServers ?? []; } }
    }

    /// <summary>The platform sent at login.</summary>
    public string Platform => _platform;

    /// <summary>
    /// Opens the socket and logs in. Fails with <see cref="ParleyException"/>: 70001 expired, 70009 wrong key,
    /// 70013/70014 userSig for someone else, 70020 unknown app, -3319 bad identifier, 90005 already logged in.
    /// </summary>
    public Task<LoginResult> LoginAsync(long sdkAppId, string identifier, string userSig, CancellationToken cancellationToken = default) =>
        LoginAsync(sdkAppId, identifier, userSig, null, cancellationToken);

    /// <summary>
    /// Logs in with a PrivateMapKey (docs/protocol.md §12) that later joins without their own key use; it is also sent
    /// again on every reconnect.
    /// </summary>
    public async Task<LoginResult> LoginAsync(long sdkAppId, string identifier, string userSig, string? privateMapKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(userSig);
        ThrowIfDisposed();
        await _sessionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            lock (_gate)
            {
                if (_state is ParleyClientState.LoggedIn or ParleyClientState.Reconnecting)
                {
                    throw ParleyException.FromCode(ErrorCodes.AlreadyLoggedIn);
                }
                _state = ParleyClientState.Connecting;
            }

            var credentials = new SessionCredentials(sdkAppId, identifier, userSig, privateMapKey);
            try
            {
                var (connection, login, _) = await ConnectAndLoginAsync(credentials, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    _credentials = credentials;
                    _roomId = null;
                    _role = null;
                    AdoptConnection(connection, login);
                }
                return login;
            }
            catch
            {
                lock (_gate)
                {
                    _state = ParleyClientState.Disconnected;
                }
                throw;
            }
        }
        finally
        {
            _sessionLock.Release();
        }
    }

    /// <summary>
    /// Logs out (leaving the room) and closes the socket. Also stops a reconnect in progress. Does nothing when not
    /// logged in. Raises <see cref="Disconnected"/> with close code 1000 when there was a socket.
    /// </summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        CancelReconnect();
        await _sessionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = DetachSession();
            if (connection is null)
            {
                return;
            }
            try
            {
                await connection.InvokeAsync(Methods.Logout, (EmptyResult?)null, null, Json.EmptyResult, _options.RequestTimeout, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (ParleyException ex) when (ex.Code is ErrorCodes.ConnectionClosed or ErrorCodes.Timeout)
            {
                // The session ends either way: closing the socket makes the server drop it too.
            }
            finally
            {
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "logout").ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
                RaiseDisconnected((int)WebSocketCloseStatus.NormalClosure, "logout", willReconnect: false);
            }
        }
        finally
        {
            _sessionLock.Release();
        }

        await CloseMediaAsync().ConfigureAwait(false);
    }

    /// <summary>Hands the server a fresh userSig for the same app and identifier; the session now expires later (R2.3).</summary>
    public async Task<RenewUserSigResult> RenewUserSigAsync(string userSig, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userSig);
        var connection = RequireConnection();
        var result = await connection.InvokeAsync(Methods.RenewUserSig, new RenewUserSigParams(userSig), Json.RenewUserSigParams, Json.RenewUserSigResult, _options.RequestTimeout, cancellationToken)
            .ConfigureAwait(false);
        lock (_gate)
        {
            if (_connection == connection && _credentials is not null && _login is not null)
            {
                // The reconnect path logs in with this userSig from now on.
                _credentials = _credentials with { UserSig = userSig };
                _login = _login with { UserSigExpiresAt = result.UserSigExpiresAt };
            }
        }
        return result;
    }

    /// <summary>
    /// Enters room <paramref name="roomId"/> (1..10,000,000, R3.2), creating it when missing (R3.6), with a role name;
    /// an unknown role falls back to the default (R4.4, see <see cref="JoinRoomResult.RequestedRoleFound"/>).
    /// Fails with -3318 for a bad room id and 90002 when already in a room (R3.3).
    /// </summary>
    public Task<JoinRoomResult> JoinRoomAsync(long roomId, string? role = null, CancellationToken cancellationToken = default) =>
        EnterRoomAsync(Methods.JoinRoom, roomId, role, null, cancellationToken);

    /// <summary>
    /// Enters a room with a PrivateMapKey (docs/protocol.md §12) that wins over the login's. Fails with -100006 when the
    /// key does not fit (another room, expired, no enter bit, or no create bit for a missing room);
    /// <see cref="JoinRoomResult.Privileges"/> holds the bits in force.
    /// </summary>
    public Task<JoinRoomResult> JoinRoomAsync(long roomId, string? role, string? privateMapKey, CancellationToken cancellationToken = default) =>
        EnterRoomAsync(Methods.JoinRoom, roomId, role, privateMapKey, cancellationToken);

    /// <summary>Leaves the current room for <paramref name="roomId"/> in one step (R3.3).</summary>
    public Task<JoinRoomResult> SwitchRoomAsync(long roomId, string? role = null, CancellationToken cancellationToken = default) =>
        EnterRoomAsync(Methods.SwitchRoom, roomId, role, null, cancellationToken);

    /// <summary>Switches rooms with a PrivateMapKey for the new room (docs/protocol.md §12).</summary>
    public Task<JoinRoomResult> SwitchRoomAsync(long roomId, string? role, string? privateMapKey, CancellationToken cancellationToken = default) =>
        EnterRoomAsync(Methods.SwitchRoom, roomId, role, privateMapKey, cancellationToken);

    /// <summary>
    /// Sends a custom message to the room (docs/protocol.md §10.8): at most 1,024 bytes of UTF-8, to every other member or
    /// only to <paramref name="to"/>. Fails with 90024 when too large, 90006 over 30 messages/s or 8 KB/s, 90003 outside a room.
    /// </summary>
    public Task<SendRoomMessageResult> SendRoomMessageAsync(string data, int? cmdId = null, IReadOnlyList<string>? to = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return RequireConnection().InvokeAsync(Methods.SendRoomMessage, new SendRoomMessageParams(data, cmdId, to), Json.SendRoomMessageParams,
            Json.SendRoomMessageResult, _options.RequestTimeout, cancellationToken);
    }

    /// <summary>Leaves the current room. Fails with 90003 when not in a room.</summary>
    public async Task<ExitRoomResult> ExitRoomAsync(CancellationToken cancellationToken = default)
    {
        var connection = RequireConnection();
        var result = await connection.InvokeAsync(Methods.ExitRoom, (EmptyResult?)null, null, Json.ExitRoomResult, _options.RequestTimeout, cancellationToken)
            .ConfigureAwait(false);
        lock (_gate)
        {
            if (_connection == connection)
            {
                _roomId = null;
                _role = null;
            }
        }

        await CloseMediaAsync().ConfigureAwait(false);
        Raise(RoomExited, new RoomExitedEventArgs(result.RoomId, ExitReasons.Exit, RoomExitReason.Left));
        return result;
    }

    /// <summary>Switches this member's role (R4.5). Fails with 90004 when no role of that name is configured.</summary>
    public async Task<ChangeRoleResult> ChangeRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        var connection = RequireConnection();
        var result = await connection.InvokeAsync(Methods.ChangeRole, new ChangeRoleParams(role), Json.ChangeRoleParams, Json.ChangeRoleResult, _options.RequestTimeout, cancellationToken)
            .ConfigureAwait(false);
        lock (_gate)
        {
            if (_connection == connection)
            {
                _role = result.Role.Name;
            }
        }
        return result;
    }

    /// <summary>The members of the current room. Fails with 90003 when not in a room.</summary>
    public Task<ListMembersResult> ListMembersAsync(CancellationToken cancellationToken = default) =>
        RequireConnection().InvokeAsync(Methods.ListMembers, (EmptyResult?)null, null, Json.ListMembersResult, _options.RequestTimeout, cancellationToken);

    /// <summary>Round trip to the server; returns its clock. The client pings by itself, this is for diagnostics.</summary>
    public Task<PingResult> PingAsync(CancellationToken cancellationToken = default) =>
        RequireConnection().InvokeAsync(Methods.Ping, (EmptyResult?)null, null, Json.PingResult, _options.RequestTimeout, cancellationToken);

    private async Task<JoinRoomResult> EnterRoomAsync(string method, long roomId, string? role, string? privateMapKey, CancellationToken cancellationToken)
    {
        var connection = RequireConnection();
        lock (_gate)
        {
            _enteringRoomId = roomId;
            _kickedWhileEntering = false;
        }
        JoinRoomResult result;
        try
        {
            result = await connection.InvokeAsync(method, new JoinRoomParams(roomId, role, privateMapKey), Json.JoinRoomParams, Json.JoinRoomResult, _options.RequestTimeout, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _enteringRoomId = null;
            }
        }
        lock (_gate)
        {
            // A kickedOut right behind the join's answer can be read before this continuation runs: the stay is already
            // over (KickedOut was raised), so the client must not believe it is in the room.
            if (_connection == connection && !_kickedWhileEntering)
            {
                _roomId = result.RoomId;
                _role = result.Role.Name;
            }
            else if (_kickedWhileEntering)
            {
                _roomId = null;
                _role = null;
            }
            _kickedWhileEntering = false;
        }

        if (method == Methods.SwitchRoom)
        {
            // The server ended the old room's transports with the stay (issue 8 point 2): ours go with them.
            await CloseMediaAsync().ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Stops reconnecting, closes the socket (the server sees a disconnect) and stops raising events.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 1)
        {
            return;
        }
        CancelReconnect();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _sessionLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var connection = DetachSession();
            lock (_gate)
            {
                _state = ParleyClientState.Disposed;
            }
            if (connection is not null)
            {
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "client disposed").ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _sessionLock.Release();
        }
        await CloseMediaAsync().ConfigureAwait(false);
        // Not awaiting the drain: DisposeAsync may be called from inside an event handler.
        _events.Complete();
        _lifetime.Dispose();
    }

    private JsonRpcConnection RequireConnection()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == ParleyClientState.Disposed, this);
            if (_connection is not null && _state == ParleyClientState.LoggedIn)
            {
                return _connection;
            }
            if (_state == ParleyClientState.Reconnecting)
            {
                throw new ParleyException(ErrorCodes.ConnectionClosed, "The connection dropped; the client is reconnecting. Retry after the Reconnected event.");
            }
            throw ParleyException.FromCode(ErrorCodes.NotLoggedIn);
        }
    }

    private void ThrowIfDisposed()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == ParleyClientState.Disposed, this);
        }
    }

    /// <summary>Forgets the session and returns its connection (if any) for the caller to close.</summary>
    private JsonRpcConnection? DetachSession()
    {
        lock (_gate)
        {
            var connection = _connection;
            _connection = null;
            _connectionTasks?.Cancel();
            _connectionTasks?.Dispose();
            _connectionTasks = null;
            _credentials = null;
            _login = null;
            _roomId = null;
            _role = null;
            if (_state != ParleyClientState.Disposed)
            {
                _state = ParleyClientState.Disconnected;
            }
            return connection;
        }
    }
}
