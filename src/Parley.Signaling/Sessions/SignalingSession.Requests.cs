using Microsoft.Extensions.Logging;
using Parley.Auth;
using Parley.Protocol.Chat;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Protocol.Roles;
using Parley.Signaling.Grains;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Logging;
using Parley.Signaling.MediaHooks;
using Parley.Signaling.Login;

namespace Parley.Signaling.Sessions;

/// <summary>Request handling of a session: rate limit, JSON-RPC framing errors, and the methods of docs/protocol.md §4.</summary>
internal sealed partial class SignalingSession
{
    private const long MinRoomId = 1;
    private const long MaxRoomId = 10_000_000;

    private static readonly JsonTypeInfoCache Params = new();

    private SessionLogin? _login;
    private volatile bool _sessionEnded;
    private DateTimeOffset _userSigExpiresAt;
    // Guarded by _gate: which room's events pass, and which are held while a join is in flight.
    private long _currentRoomId;

    // The owner of the current room as the join answered it (R3.4 never changes it): carried when the session re-asserts
    // itself after a node died, so the rebuilt room keeps it. Guarded by _gate.
    private string _roomOwner = "";
    private long _pendingRoomId;
    private List<string>? _heldRoomEvents;
    // A kickedOut reason that reached the session while the join of _pendingRoomId was in flight. Guarded by _gate.
    private string? _pendingRoomKick;
    // The PrivateMapKey bits in force in the current room (docs/protocol.md §12); All without a key. Guarded by _gate.
    private RoomPrivileges _roomPrivileges = RoomPrivileges.All;

    private async Task HandleMessageAsync(ReadOnlyMemory<byte> message)
    {
        var status = JsonRpcRequestReader.TryRead(message, out var document, out var request);
        using (document)
        {
            if (!_rateLimiter.TryTake(_time, _options.RateLimitPerSecond, _options.RateLimitBurst))
            {
                OnRateLimited(status, request);
                return;
            }
            switch (status)
            {
                case JsonRpcParseStatus.ParseError:
                    ReplyError(null, ErrorCodes.ParseError);
                    return;
                case JsonRpcParseStatus.InvalidRequest:
                    ReplyError(request.RawId, ErrorCodes.InvalidRequest);
                    return;
                case JsonRpcParseStatus.Notification:
                    // JSON-RPC notifications get no answer; the frame already counted as activity.
                    return;
            }
            var rawId = request.RawId!;
            try
            {
                await DispatchAsync(rawId, request);
            }
            catch (Exception ex)
            {
                _logger.RequestFailed(ex, request.Method ?? "");
                // Orleans reports a grain call that got no answer in time as TimeoutException.
                ReplyError(rawId, ex is TimeoutException ? ErrorCodes.Timeout : ErrorCodes.InternalError);
            }
        }
    }

    private void OnRateLimited(JsonRpcParseStatus status, in JsonRpcRequest request)
    {
        _services.Limits.CountHit(Limits.LimitNames.SessionRequests);
        var now = _time.GetTimestamp();
        if (_floodStrikes == 0 || _time.GetElapsedTime(_floodWindowStart, now) > _options.FloodWindow)
        {
            _floodWindowStart = now;
            _floodStrikes = 0;
        }
        if (++_floodStrikes >= _options.FloodCloseThreshold)
        {
            RequestClose(CloseCodes.Flood, "flood", ExitReasons.Disconnected);
            return;
        }
        if (status != JsonRpcParseStatus.Notification)
        {
            ReplyError(request.RawId, ErrorCodes.RateLimited);
        }
    }

    private Task DispatchAsync(string rawId, JsonRpcRequest request)
    {
        var method = request.Method!;
        if (!IsKnownMethod(method) && !IsMediaMethod(method) && !ChatMethods.IsChatMethod(method))
        {
            ReplyError(rawId, ErrorCodes.MethodNotFound);
            return Task.CompletedTask;
        }
        if (_services.Registry.IsStopping)
        {
            ReplyError(rawId, ErrorCodes.ServerShuttingDown);
            return Task.CompletedTask;
        }
        if (method == Methods.Login)
        {
            return LoginAsync(rawId, request);
        }
        if (method == Methods.Resume)
        {
            return ResumeAsync(rawId, request);
        }
        if (method == ChatMethods.WatchGroup)
        {
            return WatchGroupAsync(rawId, request);
        }
        if (TryAnswerGuest(rawId, method))
        {
            return Task.CompletedTask;
        }
        if (_login is not { } login)
        {
            ReplyError(rawId, ErrorCodes.NotLoggedIn);
            return Task.CompletedTask;
        }
        switch (method)
        {
            case Methods.Ping:
                Reply(rawId, new PingResult(_time.GetUtcNow().ToUnixTimeMilliseconds()), ProtocolJsonContext.Default.PingResult);
                return Task.CompletedTask;
            case Methods.DissolveRoom:
                // R3.4: not even the owner may dissolve a room; R3.5 does it.
                ReplyError(rawId, ErrorCodes.RoomDissolveForbidden);
                return Task.CompletedTask;
            case Methods.Logout:
                return LogoutAsync(rawId, login);
            case Methods.RenewUserSig:
                return RenewUserSigAsync(rawId, request, login);
            case Methods.JoinRoom:
                return JoinAsync(rawId, request, login, switching: false);
            case Methods.SwitchRoom:
                return JoinAsync(rawId, request, login, switching: true);
            case Methods.ExitRoom:
                return ExitAsync(rawId, login);
            case Methods.ChangeRole:
                return ChangeRoleAsync(rawId, request, login);
            case Methods.ListMembers:
                return ListMembersAsync(rawId, login);
            case Methods.SendRoomMessage:
                return SendRoomMessageAsync(rawId, request, login);
            case var chat when ChatMethods.IsChatMethod(chat):
                return ChatAsync(rawId, request, login);
            case Methods.Publish or Methods.Unpublish or Methods.MuteTrack or Methods.Subscribe or Methods.Unsubscribe
                or Methods.SetPreferredLayer or Methods.SubscriberAnswer or Methods.RestartIce:
                return MediaAsync(rawId, request);
            default:
                // IsKnownMethod and this switch must list the same methods; a name known there but missing here is a bug,
                // answered as "no such method" rather than silently running another method.
                ReplyError(rawId, ErrorCodes.MethodNotFound);
                return Task.CompletedTask;
        }
    }

    private static bool IsKnownMethod(string method) => method is Methods.Login or Methods.Logout or Methods.Ping
        or Methods.RenewUserSig or Methods.JoinRoom or Methods.ExitRoom or Methods.SwitchRoom or Methods.ChangeRole
        or Methods.ListMembers or Methods.DissolveRoom or Methods.SendRoomMessage or Methods.Resume;

    private async Task LoginAsync(string rawId, JsonRpcRequest request)
    {
        if (_login is not null || SocketHandedOver || _guest is not null)
        {
            ReplyError(rawId, ErrorCodes.AlreadyLoggedIn);
            return;
        }
        // Counted before the userSig is checked, so guessing and replaying cost the sender's address, not the server.
        if (!PassesAddressLimit(rawId, Limits.AbuseLimit.LoginPerAddress))
        {
            return;
        }
        if (!ParamsReader.TryRead(request, Params.Login, out var p))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams);
            return;
        }
        if (!Platform.TryNormalize(p!.Platform, out var platform))
        {
            ReplyError(rawId, ErrorCodes.PlatformInvalid);
            return;
        }
        if (!IdentifierRules.IsValid(p.Identifier))
        {
            // R2.1
            ReplyError(rawId, ErrorCodes.IdentifierInvalid);
            return;
        }
        var check = await _services.Authenticator.CheckAsync(p.SdkAppId, p.Identifier, p.UserSig, CancellationToken.None);
        if (!check.IsValid)
        {
            _logger.LoginRefused(p.SdkAppId, p.Identifier, check.ErrorCode);
            ReplyError(rawId, check.ErrorCode, check.ErrorMessage);
            return;
        }
        // Counted once the sig verified: nobody without the app's credentials can spend the app's logins.
        if (!PassesAppLimit(rawId, Limits.AbuseLimit.LoginPerApp, p.SdkAppId))
        {
            return;
        }
        var now = _time.GetUtcNow();
        var display = await _services.UserDirectory.RecordLoginAsync(p.SdkAppId, p.Identifier, now, CancellationToken.None);
        var roles = await PullRolesAsync(p.SdkAppId, platform);
        // Before the user grain makes this session live: nothing may reach the client ahead of the answer.
        var servers = await _services.ClusterNodes.ServerUrlsAsync();
        var identifierKey = IdentifierRules.Key(p.Identifier);
        var sessionId = Guid.NewGuid().ToString("N");
        var observer = _services.Grains.CreateObjectReference<ISessionObserver>(this);
        var user = _services.Grains.GetGrain<IUserGrain>(GrainKeys.User(p.SdkAppId, identifierKey));
        var resumable = p.Resumable == true && _options.ResumeWindow > TimeSpan.Zero;
        var login = new SessionLogin(p.SdkAppId, p.Identifier, identifierKey, display, platform, roles, sessionId, user, observer,
            string.IsNullOrEmpty(p.PrivateMapKey) ? null : p.PrivateMapKey, resumable);

        // Kicks any older session of this identifier (forceOffline) and makes this one the live one.
        try
        {
            await user.Login(new SessionTicket(sessionId, display, platform, observer));
        }
        catch
        {
            _services.Grains.DeleteObjectReference<ISessionObserver>(observer);
            throw;
        }
        _login = login;
        _services.LocalSessions.AddUser(login.SdkAppId, identifierKey, this);
        if (resumable)
        {
            _services.Registry.AddResumable(sessionId, this);
        }
        EndLoginDeadline();
        ArmHeartbeat();
        ScheduleExpiry(check.ExpiresAt);
        _logger.LoggedIn(sessionId, display, p.SdkAppId, platform);
        string? resumeToken = null;
        if (resumable)
        {
            lock (_gate)
            {
                resumeToken = IssueResumeTokenUnderLock();
            }
        }
        Reply(rawId, new LoginResult(sessionId, display, check.ExpiresAt.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(),
            (int)_options.HeartbeatInterval.TotalMilliseconds, (int)_options.HeartbeatTimeout.TotalMilliseconds, roles,
            resumeToken, resumable ? (int)_options.ResumeWindow.TotalMilliseconds : null, IceServers: IceServersFor(login), Servers: servers),
            ProtocolJsonContext.Default.LoginResult);
    }

    /// <summary>The STUN/TURN servers for this session's peer connections, with TURN credentials issued now; null when none are configured.</summary>
    private IReadOnlyList<IceServer>? IceServersFor(SessionLogin login)
    {
        var servers = _services.IceServers?.GetIceServers(login.SdkAppId, login.IdentifierKey);
        return servers is { Count: > 0 } ? servers : null;
    }

    /// <summary>R4.6: roles are pulled once at login; if the pull fails the session has no roles (only the built-in default).</summary>
    private async Task<RoleSet> PullRolesAsync(long sdkAppId, string platform)
    {
        try
        {
            return await _services.RoleCatalog.GetRoleSetAsync(sdkAppId, platform, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.RolePullFailed(ex, sdkAppId, platform);
            return new RoleSet(platform, RoleDefinition.BuiltInDefaultName, []);
        }
    }

    private async Task LogoutAsync(string rawId, SessionLogin login)
    {
        _sessionEnded = true;
        await login.User.EndSession(login.SessionId, ExitReasons.Logout);
        Reply(rawId, new EmptyResult(), ProtocolJsonContext.Default.EmptyResult);
        RequestClose(CloseCodes.Normal, "logout", ExitReasons.Logout);
    }

    private async Task RenewUserSigAsync(string rawId, JsonRpcRequest request, SessionLogin login)
    {
        if (!ParamsReader.TryRead(request, Params.RenewUserSig, out var p))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams);
            return;
        }
        var check = await _services.Authenticator.CheckAsync(login.SdkAppId, login.TypedIdentifier, p!.UserSig, CancellationToken.None);
        if (!check.IsValid)
        {
            ReplyError(rawId, check.ErrorCode, check.ErrorMessage);
            return;
        }
        ScheduleExpiry(check.ExpiresAt);
        Reply(rawId, new RenewUserSigResult(check.ExpiresAt.ToUnixTimeMilliseconds()), ProtocolJsonContext.Default.RenewUserSigResult);
    }

    private async Task JoinAsync(string rawId, JsonRpcRequest request, SessionLogin login, bool switching)
    {
        if (!ParamsReader.TryRead(request, Params.JoinRoom, out var p))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams);
            return;
        }
        if (p!.RoomId is < MinRoomId or > MaxRoomId)
        {
            // R3.2
            ReplyError(rawId, ErrorCodes.RoomIdInvalid);
            return;
        }
        // R4.4: an unknown or missing role name is not an error; the default role applies.
        var requestedRoleFound = login.Roles.Find(p.Role) is not null;
        var role = login.Roles.Resolve(p.Role);
        if (switching && Volatile.Read(ref _currentRoomId) == 0)
        {
            // Not in a room: say so before judging a PrivateMapKey for the target (the user grain checks it again).
            ReplyError(rawId, ErrorCodes.NotInRoom);
            return;
        }
        if (!PassesLimits(rawId, Limits.AbuseLimit.JoinPerAddress, Limits.AbuseLimit.JoinPerApp, login.SdkAppId))
        {
            return;
        }
        // docs/protocol.md §12: the join's key wins over the login's; the bits then hold for the whole stay.
        var access = await _services.RoomAccess.CheckAsync(login.SdkAppId, login.TypedIdentifier, p.RoomId,
            string.IsNullOrEmpty(p.PrivateMapKey) ? login.PrivateMapKey : p.PrivateMapKey, CancellationToken.None);
        if (!access.IsAllowed)
        {
            _logger.JoinRefused(login.SessionId, p.RoomId, access.ErrorMessage);
            ReplyError(rawId, access.ErrorCode, access.ErrorMessage);
            return;
        }

        lock (_gate)
        {
            _pendingRoomId = p.RoomId;
            _heldRoomEvents = null;
            _pendingRoomKick = null;
        }
        RoomCallOutcome outcome;
        try
        {
            outcome = switching
                ? await WithUserGrainAsync(login, user => user.SwitchRoom(login.SessionId, p.RoomId, role.Name, (uint)access.Privileges))
                : await WithUserGrainAsync(login, user => user.JoinRoom(login.SessionId, p.RoomId, role.Name, (uint)access.Privileges));
        }
        catch (Exception ex)
        {
            // The room (or the user grain) could not be reached: the vendor's "entering the room failed".
            _logger.RequestFailed(ex, switching ? Methods.SwitchRoom : Methods.JoinRoom);
            lock (_gate)
            {
                _pendingRoomId = 0;
                _heldRoomEvents = null;
                _pendingRoomKick = null;
            }
            ReplyError(rawId, ErrorCodes.RoomEnterFailed);
            return;
        }

        MediaSessionContext? endedStay = null;
        MediaSessionContext? startedStay = null;
        MediaSessionContext? kickedStay = null;
        lock (_gate)
        {
            if (outcome.ErrorCode == 0 && outcome.View is { } view)
            {
                Reply(rawId, new JoinRoomResult(view.RoomId, role, requestedRoleFound, outcome.Created, view.Owner, ToWire(view), (int)access.Privileges),
                    ProtocolJsonContext.Default.JoinRoomResult);
                _currentRoomId = view.RoomId;
                _roomOwner = view.Owner;
                _roomPrivileges = access.Privileges;
                endedStay = BeginStayUnderLock(login, view.RoomId, role, access.Privileges, p.AutoSubscribe ?? true,
                    view.Members.Any(m => m.Producers is { Count: > 0 }));
                startedStay = _media;
                foreach (var held in _heldRoomEvents ?? [])
                {
                    Enqueue(OutboundItem.Message(held));
                }
                if (_pendingRoomKick is { } kick)
                {
                    // The stay ended as soon as it began: the client hears the join, then its end, and is in no room.
                    kickedStay = EndKickedStayUnderLock(view.RoomId, kick);
                    startedStay = null;
                }
            }
            else if (outcome.ErrorCode == ErrorCodes.PrivilegeCheckFailed)
            {
                ReplyError(rawId, outcome.ErrorCode, RoomAccessAuthorizer.CreateRefusedMessage(p.RoomId));
            }
            else
            {
                ReplyError(rawId, outcome.ErrorCode == 0 ? ErrorCodes.RoomEnterFailed : outcome.ErrorCode);
            }
            _pendingRoomId = 0;
            _heldRoomEvents = null;
            _pendingRoomKick = null;
        }
        await NotifyLeftAsync(endedStay);
        await NotifyLeftAsync(kickedStay);
        await NotifyJoinedAsync(startedStay);
    }

    private async Task ExitAsync(string rawId, SessionLogin login)
    {
        var outcome = await WithUserGrainAsync(login, user => user.ExitRoom(login.SessionId));
        MediaSessionContext? endedStay;
        lock (_gate)
        {
            if (outcome.ErrorCode != 0)
            {
                ReplyError(rawId, outcome.ErrorCode);
                return;
            }
            _currentRoomId = 0;
            endedStay = EndStayUnderLock();
            Reply(rawId, new ExitRoomResult(outcome.RoomId), ProtocolJsonContext.Default.ExitRoomResult);
        }
        await NotifyLeftAsync(endedStay);
    }

    private async Task ChangeRoleAsync(string rawId, JsonRpcRequest request, SessionLogin login)
    {
        if (!ParamsReader.TryRead(request, Params.ChangeRole, out var p))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams);
            return;
        }
        if (Volatile.Read(ref _currentRoomId) == 0)
        {
            ReplyError(rawId, ErrorCodes.NotInRoom);
            return;
        }
        // R4.5: switching to a role that is not configured fails (checked against the login snapshot, R4.6).
        if (login.Roles.Find(p!.Role) is not { } role)
        {
            ReplyError(rawId, ErrorCodes.RoleNotFound);
            return;
        }
        var outcome = await WithUserGrainAsync(login, user => user.ChangeRole(login.SessionId, role.Name));
        if (outcome.ErrorCode != 0)
        {
            ReplyError(rawId, outcome.ErrorCode);
            return;
        }
        Reply(rawId, new ChangeRoleResult(outcome.RoomId, role), ProtocolJsonContext.Default.ChangeRoleResult);
        MediaSessionContext? stay;
        lock (_gate)
        {
            stay = _media;
        }
        stay?.OnRoleChanged(role);
    }

    private async Task ListMembersAsync(string rawId, SessionLogin login)
    {
        var outcome = await WithUserGrainAsync(login, user => user.ListMembers(login.SessionId));
        if (outcome.ErrorCode != 0 || outcome.View is not { } view)
        {
            ReplyError(rawId, outcome.ErrorCode == 0 ? ErrorCodes.NotInRoom : outcome.ErrorCode);
            return;
        }
        Reply(rawId, new ListMembersResult(view.RoomId, view.Owner, ToWire(view)), ProtocolJsonContext.Default.ListMembersResult);
    }

    /// <summary>Session end: leave the room with the recorded reason unless logout/forceOffline already did, and drop the observer.</summary>
    private async Task LeaveAsync()
    {
        if (_login is not { } login)
        {
            return;
        }
        try
        {
            if (!_sessionEnded)
            {
                string reason;
                lock (_gate)
                {
                    reason = _exitReason;
                }
                await login.User.EndSession(login.SessionId, reason);
            }
        }
        catch (Exception ex)
        {
            _logger.EndSessionFailed(ex, login.SessionId);
        }
        finally
        {
            MediaSessionContext? endedStay;
            lock (_gate)
            {
                endedStay = EndStayUnderLock();
            }
            await NotifyLeftAsync(endedStay);
            _services.Grains.DeleteObjectReference<ISessionObserver>(login.ObserverReference);
        }
    }

    private static Member[] ToWire(RoomView view) =>
        [.. view.Members.Select(m => new Member(m.Identifier, m.Role, m.IsOwner, m.JoinedAtMs,
            [.. (m.Producers ?? []).Select(p => new Producer(p.ProducerId, m.Identifier, p.Kind, p.Source, p.Muted, p.Codec, p.Layers, p.AdminMuted))]))];

    private void Reply<T>(string rawId, T result, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        Enqueue(OutboundItem.Message(JsonRpcWriter.Result(rawId, result, typeInfo)));

    private void ReplyError(string? rawId, int code, string? message = null) =>
        Enqueue(OutboundItem.Message(JsonRpcWriter.Error(rawId, code, string.IsNullOrEmpty(message) ? ErrorCodes.Describe(code) : message)));

    /// <summary>Strict (InvalidParams-raising) metadata of every params type, resolved once.</summary>
    private sealed class JsonTypeInfoCache
    {
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<LoginParams> Login { get; } = ParamsReader.TypeInfo<LoginParams>();
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<ResumeParams> Resume { get; } = ParamsReader.TypeInfo<ResumeParams>();
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<RenewUserSigParams> RenewUserSig { get; } = ParamsReader.TypeInfo<RenewUserSigParams>();
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<JoinRoomParams> JoinRoom { get; } = ParamsReader.TypeInfo<JoinRoomParams>();
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<ChangeRoleParams> ChangeRole { get; } = ParamsReader.TypeInfo<ChangeRoleParams>();
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<SendRoomMessageParams> SendRoomMessage { get; } = ParamsReader.TypeInfo<SendRoomMessageParams>();
    }
}
