using System.Buffers.Text;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.JsonRpc;
using Parley.Signaling.Logging;

namespace Parley.Signaling.Sessions;

/// <summary>
/// Suspending and resuming (docs/protocol.md §13). A session that logged in with <c>resumable: true</c> and loses its
/// socket without a goodbye (a network change, a heartbeat timeout) is <em>suspended</em> for
/// <see cref="SignalingOptions.ResumeWindow"/>: it stays in its room, its media stays, and what it would have been sent
/// waits in its send queue. The first request of a new connection may then be <c>resume</c>: that connection hands
/// its socket over to the suspended session, which answers, sends what waited, and carries on as before.
/// <para>
/// States (guarded by <c>_gate</c>): Live (a socket, draining) → Suspended (no socket, window timer running) →
/// Resuming (a resume won; the socket is on its way) → Live. Ending from Suspended is <see cref="EndSuspendedAsync"/>.
/// A resume may also take over a Live session whose old socket the server still believes open (after a network
/// change no FIN or RST arrives; the heartbeat would notice only 30 s later): the token proves the client owns the
/// session, the old socket is aborted, and its end is then ignored (<see cref="OnConnectionEndedAsync"/>).
/// </para>
/// </summary>
internal sealed partial class SignalingSession
{
    private const int ResumeTokenBytes = 32;

    private ConnectionState _state = ConnectionState.Live;
    // The current socket got a close frame: a deliberate goodbye, so the session is not kept for a resume.
    private volatile bool _peerClosed;
    // UTF-8 of the resume token in force; replaced on every resume, so a token works once. Guarded by _gate.
    private byte[]? _resumeToken;
    private ITimer? _resumeTimer;
    // On a fresh connection whose first request resumed another session: that session, and the request to answer.
    private volatile SignalingSession? _resumeTarget;
    private string? _resumeRequestId;
    // On a fresh connection whose first request resumed a session held by another node: the relay to that node.
    private volatile Relay.RelayLink? _relayLink;

    /// <summary>On a fresh connection: its first request resumed a session, here or on another node; the socket is theirs now.</summary>
    private bool SocketHandedOver => _resumeTarget is not null || _relayLink is not null;

    private enum ConnectionState
    {
        Live,
        Suspended,
        Resuming,
    }

    /// <summary>Suspended and still waiting for a resume (not ending, not claimed).</summary>
    public bool IsSuspended
    {
        get
        {
            lock (_gate)
            {
                return _state == ConnectionState.Suspended && _closeCode == 0;
            }
        }
    }

    /// <summary>A fresh, unguessable token (256 bits, base64url) that <see cref="TryBeginResume"/> will accept.</summary>
    private string IssueResumeTokenUnderLock()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(ResumeTokenBytes));
        _resumeToken = Encoding.UTF8.GetBytes(token);
        return token;
    }

    /// <summary>What the end of <paramref name="socket"/> means: a hand-over, nothing (taken over), a suspension, or the end of the session.</summary>
    private async Task OnConnectionEndedAsync(WebSocket socket, CancellationToken connectionAborted)
    {
        if (_resumeTarget is { } target)
        {
            await HandOverAsync(target, connectionAborted);
            return;
        }
        if (_relayLink is { } link)
        {
            await RelayAsync(link);
            return;
        }
        lock (_gate)
        {
            if (_state == ConnectionState.Resuming || !ReferenceEquals(socket, _socket))
            {
                return; // a resume took the session over; it lives on on the new socket
            }
        }
        if (await TrySuspendAsync())
        {
            return;
        }
        // The peer closed or vanished: answer its close frame (if any) and end the session as "disconnected".
        RequestClose(CloseCodes.Normal, "closed", ExitReasons.Disconnected);
        await EndAsync();
    }

    private async Task<bool> TrySuspendAsync()
    {
        if (_login is not { Resumable: true } login || _sessionEnded || _peerClosed || _options.ResumeWindow <= TimeSpan.Zero
            || _services.Registry.IsStopping)
        {
            return false;
        }

        // Let a drain still writing to the dead socket fail (it keeps what it could not send) before the queue waits.
        Task drain;
        lock (_gate)
        {
            _socket.Abort();
            drain = _drain;
        }
        await drain.WaitAsync(_options.CloseHandshakeTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        lock (_gate)
        {
            // Only a drop or a heartbeat timeout suspends; a close we asked for (flood, expiry, overflow) ends the session.
            if (_closeCode is not (0 or CloseCodes.HeartbeatTimeout))
            {
                return false;
            }
            Volatile.Write(ref _closeCode, 0);
            var waiting = _sendQueue.Where(item => !item.IsClose).ToArray();
            _sendQueue.Clear();
            foreach (var item in waiting)
            {
                _sendQueue.Enqueue(item);
            }
            _state = ConnectionState.Suspended;
            _exitReason = ExitReasons.Disconnected;
            _resumeTimer = _time.CreateTimer(static s => ((SignalingSession)s!).OnResumeWindowPassed(), this,
                _options.ResumeWindow, Timeout.InfiniteTimeSpan);
        }
        _logger.SessionSuspended(login.SessionId, (int)_options.ResumeWindow.TotalMilliseconds);
        return true;
    }

    private void OnResumeWindowPassed()
    {
        lock (_gate)
        {
            if (_state != ConnectionState.Suspended || _closeCode != 0)
            {
                return;
            }
            Volatile.Write(ref _closeCode, CloseCodes.Normal);
            _exitReason = ExitReasons.Disconnected;
        }
        _ = EndSuspendedAsync();
    }

    /// <summary>Ends a suspended session: its room sees it leave (<c>memberExited</c>, the recorded reason), its media goes.</summary>
    private async Task EndSuspendedAsync()
    {
        if (_login is { } login)
        {
            _logger.SessionResumeWindowEnded(login.SessionId);
        }
        await EndAsync();
    }

    private void DisposeResumeTimer()
    {
        lock (_gate)
        {
            _resumeTimer?.Dispose();
            _resumeTimer = null;
        }
    }

    /// <summary>
    /// <c>resume</c> on a fresh connection: finds the suspended session and claims it with its token (once: a second
    /// resume with the same token fails). The answer is sent by the resumed session, on this socket, once the
    /// receive loop hands it over.
    /// </summary>
    private Task ResumeAsync(string rawId, JsonRpcRequest request)
    {
        if (_login is not null || SocketHandedOver)
        {
            ReplyError(rawId, ErrorCodes.AlreadyLoggedIn);
            return Task.CompletedTask;
        }
        if (!ParamsReader.TryRead(request, Params.Resume, out var p) || string.IsNullOrEmpty(p!.SessionId) || string.IsNullOrEmpty(p.ResumeToken))
        {
            ReplyError(rawId, ErrorCodes.InvalidParams);
            return Task.CompletedTask;
        }
        if (!_services.Registry.TryGetResumable(p.SessionId, out var target))
        {
            return ResumeElsewhereAsync(rawId, p.SessionId, p.ResumeToken);
        }
        if (!target.TryBeginResume(p.ResumeToken))
        {
            _logger.ResumeRefused(p.SessionId);
            ReplyError(rawId, ErrorCodes.ResumeFailed);
            return Task.CompletedTask;
        }
        EndLoginDeadline();
        _resumeRequestId = rawId;
        _resumeTarget = target;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The session is not on this node: the node that holds it (if any) resumes it, and this connection is relayed there
    /// for its life (<see cref="Relay.SessionRelays"/>; behind a load balancer a client's reconnect can land anywhere).
    /// </summary>
    private async Task ResumeElsewhereAsync(string rawId, string sessionId, string resumeToken)
    {
        WebSocket socket;
        lock (_gate)
        {
            socket = _socket;
        }
        var link = await _services.Relays.TryOpenAsync(socket, _options, sessionId, resumeToken, rawId, _clientAddress);
        if (link is null)
        {
            _logger.ResumeRefused(sessionId);
            ReplyError(rawId, ErrorCodes.ResumeFailed);
            return;
        }
        EndLoginDeadline();
        _relayLink = link;
    }

    /// <summary>On the fresh connection: after its own replies are out, the socket is relayed to the session's node.</summary>
    private async Task RelayAsync(Relay.RelayLink link)
    {
        await GiveUpFreshConnectionAsync();
        await _services.Relays.RunAsync(link);
    }

    /// <summary>
    /// This fresh connection's own session is done once its replies are out: the socket now belongs to another session
    /// (a local resume) or to a relay (a resume of a session on another node).
    /// </summary>
    private async Task GiveUpFreshConnectionAsync()
    {
        Task drain;
        lock (_gate)
        {
            drain = _drain;
        }
        await drain.WaitAsync(_options.CloseHandshakeTimeout, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        EndLoginDeadline();
        _services.Registry.Remove(this);
        _completion.TrySetResult();
    }

    /// <summary>Claims this suspended session for a resume when <paramref name="token"/> is its current token.</summary>
    internal bool TryBeginResume(string token)
    {
        WebSocket? superseded = null;
        lock (_gate)
        {
            if (_state == ConnectionState.Resuming || _closeCode != 0 || _resumeToken is null
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _resumeToken))
            {
                return false;
            }
            if (_state == ConnectionState.Live)
            {
                superseded = _socket; // the client is back on a new connection: the old one is dead or about to be
            }
            _state = ConnectionState.Resuming;
            _resumeToken = null;
            _resumeTimer?.Dispose();
            _resumeTimer = null;
        }
        superseded?.Abort();
        return true;
    }

    /// <summary>On the fresh connection: after its own replies are out, the socket goes to the resumed session.</summary>
    private async Task HandOverAsync(SignalingSession target, CancellationToken connectionAborted)
    {
        await GiveUpFreshConnectionAsync();
        await target.RunResumedAsync(_socket, _clientAddress, _resumeRequestId!, connectionAborted);
    }

    /// <summary>The resumed session on its new socket: the answer first, then what waited, then the receive loop.</summary>
    internal async Task RunResumedAsync(WebSocket socket, System.Net.IPAddress? clientAddress, string rawId, CancellationToken connectionAborted)
    {
        var login = _login!;
        // Set before the receive loop starts on the new socket (the only reader).
        _clientAddress = clientAddress;
        // The cluster's nodes now (the one resumed on first), learned before the lock: asking a new node is a grain call.
        var servers = await _services.ClusterNodes.ServerUrlsAsync();
        var now = _time.GetUtcNow();
        bool closing;
        int waitingCount;
        Task receiveEnded;
        lock (_gate)
        {
            _socket = socket;
            _receiveEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            receiveEnded = _receiveEnded.Task;
            _peerClosed = false;
            var result = new LoginResult(login.SessionId, login.Identifier, _userSigExpiresAt.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(),
                (int)_options.HeartbeatInterval.TotalMilliseconds, (int)_options.HeartbeatTimeout.TotalMilliseconds, login.Roles,
                IssueResumeTokenUnderLock(), (int)_options.ResumeWindow.TotalMilliseconds, _currentRoomId == 0 ? null : _currentRoomId,
                IceServersFor(login), // fresh TURN credentials: the old ones may be close to expiry
                servers);
            var waiting = _sendQueue.ToArray();
            waitingCount = waiting.Length;
            _sendQueue.Clear();
            _sendQueue.Enqueue(OutboundItem.Message(JsonRpcWriter.Result(rawId, result, ProtocolJsonContext.Default.LoginResult)));
            foreach (var item in waiting)
            {
                _sendQueue.Enqueue(item);
            }
            // The silence restarts before the session is Live again, so the deadline sweep never measures the new
            // socket by the old one's last frame.
            Volatile.Write(ref _lastActivityTimestamp, _time.GetTimestamp());
            _state = ConnectionState.Live;
            closing = _closeCode != 0;
            StartDrainingUnderLock();
        }
        ArmHeartbeat();
        _logger.SessionResumed(login.SessionId, waitingCount);
        if (closing)
        {
            // Something ended the session while the socket was on its way: the queued goodbye goes out, then we cut off.
            _ = AbortIfStillOpenAsync(socket, receiveEnded);
        }
        await RunConnectionAsync(connectionAborted);
    }
}
