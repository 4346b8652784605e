using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Signaling.JsonRpc;

namespace Parley.Signaling.Sessions;

/// <summary>
/// The session's deadlines: login (4010), heartbeat silence (4003) and userSig expiry (4002, R2.3/R2.4). The session
/// keeps only the moments involved; the node's <see cref="SessionDeadlines"/> calls <see cref="CheckDeadlines"/> on
/// every session once per <see cref="SessionDeadlines.Tick"/>, so each close comes at the first tick at or after its
/// deadline (up to one tick late) and an idle session owns no timer.
/// <para>
/// The check may run on the timer's thread at any moment, concurrently with the receive loop, a resume or the end of
/// the session. It reads its flags without a lock and confirms under <c>_gate</c> before acting, and every action is a
/// <see cref="RequestClose"/>, which happens at most once.
/// </para>
/// </summary>
internal sealed partial class SignalingSession
{
    // When the connection started (a _time timestamp): the login deadline runs from here.
    private long _connectedTimestamp;
    // Watching for a login: from the start of the connection until the deadline is met or moot.
    private volatile bool _awaitingLogin;
    // Watching for heartbeat silence: from login (or watchGroup) on; only a Live session is checked.
    private volatile bool _watchingHeartbeat;
    // The userSig expiry in force as UTC ticks, 0 before login: the lock-free copy of _userSigExpiresAt for the sweep.
    private long _userSigExpiryTicks;
    // The session ended: no more checks (its registry entry, and so the sweep's reference to it, goes soon after).
    private volatile bool _deadlinesStopped;

    private void StartLoginDeadline()
    {
        _connectedTimestamp = _time.GetTimestamp();
        _awaitingLogin = true;
    }

    /// <summary>The login deadline is met or moot (logged in, watching a group, or the socket went to a resumed session).</summary>
    private void EndLoginDeadline() => _awaitingLogin = false;

    /// <summary>From now on silence is watched; the silence counts from the last frame received.</summary>
    private void ArmHeartbeat() => _watchingHeartbeat = true;

    private void StopDeadlines()
    {
        _deadlinesStopped = true;
        _awaitingLogin = false;
        _watchingHeartbeat = false;
    }

    /// <summary>At login and on renewUserSig: the sig's expiry in force from now on.</summary>
    private void ScheduleExpiry(DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            _userSigExpiresAt = expiresAt;
            Volatile.Write(ref _userSigExpiryTicks, expiresAt.UtcTicks);
        }
    }

    /// <summary>
    /// One tick of <see cref="SessionDeadlines"/>: closes the session if a deadline has passed at
    /// <paramref name="timestamp"/> / <paramref name="utcNow"/>. Allocates nothing unless it closes.
    /// </summary>
    internal void CheckDeadlines(long timestamp, DateTimeOffset utcNow)
    {
        if (_deadlinesStopped || IsClosing)
        {
            return;
        }
        if (_awaitingLogin && _time.GetElapsedTime(Volatile.Read(ref _connectedTimestamp), timestamp) >= _options.LoginTimeout)
        {
            OnLoginDeadline();
            return;
        }
        // Expiry before silence: a session whose sig is dead must end, not be suspended for a resume (§13).
        var expiryTicks = Volatile.Read(ref _userSigExpiryTicks);
        if (expiryTicks != 0 && utcNow.UtcTicks > expiryTicks) // R2.3: expired when now > time + expire
        {
            OnUserSigExpired();
            return;
        }
        if (_watchingHeartbeat && _time.GetElapsedTime(Volatile.Read(ref _lastActivityTimestamp), timestamp) >= _options.HeartbeatTimeout)
        {
            OnHeartbeatSilence();
        }
    }

    private void OnLoginDeadline()
    {
        _awaitingLogin = false;
        if (_login is null && !SocketHandedOver)
        {
            RequestClose(CloseCodes.LoginTimeout, "login timeout", ExitReasons.Disconnected);
        }
    }

    private void OnUserSigExpired()
    {
        DateTimeOffset expiresAt;
        lock (_gate)
        {
            expiresAt = _userSigExpiresAt;
        }
        // R2.3: expired when now > time + expire. Checked again: a renewUserSig may have moved it since the sweep looked.
        if (_time.GetUtcNow() <= expiresAt)
        {
            return;
        }
        // R2.4: kicked offline with an event the app can listen for.
        RequestClose(CloseCodes.UserSigExpired, "userSig expired", ExitReasons.UserSigExpired,
            JsonRpcWriter.Notification(Events.UserSigExpired, new UserSigExpiredEvent(expiresAt.ToUnixTimeMilliseconds()),
                ProtocolJsonContext.Default.UserSigExpiredEvent));
    }

    private void OnHeartbeatSilence()
    {
        lock (_gate)
        {
            // No socket to watch while suspended or being resumed. And checked again under the lock: a resume that
            // completed since the sweep read the old socket's last frame has restarted the silence (RunResumedAsync).
            if (_state != ConnectionState.Live
                || _time.GetElapsedTime(Volatile.Read(ref _lastActivityTimestamp)) < _options.HeartbeatTimeout)
            {
                return;
            }
        }
        RequestClose(CloseCodes.HeartbeatTimeout, "heartbeat timeout", ExitReasons.Disconnected);
    }
}
