using Parley.Protocol.Errors;
using Parley.Protocol.Messages;
using Parley.Signaling.Grains;
using Parley.Signaling.Logging;
using Parley.Signaling.MediaHooks;

namespace Parley.Signaling.Sessions;

// After a node died (SessionReattachment): the session re-asserts itself with its user grain and its room.
internal sealed partial class SignalingSession
{
    /// <summary>
    /// Tells this session's user grain again that it is the live session, and which room it is in: grains that lived
    /// on the dead node come back empty on another node at their next call, and users, rooms and their members are
    /// soft state rebuilt from the sessions. When another session has become the live one meanwhile, this one ends as
    /// logged in elsewhere.
    /// </summary>
    public async Task ReattachAsync()
    {
        SessionLogin? login;
        long roomId;
        string role;
        uint privileges;
        string owner;
        lock (_gate)
        {
            login = _login;
            if (login is null || _closeCode != 0)
            {
                return;
            }

            roomId = _currentRoomId;
            role = _media?.Role.Name ?? "";
            privileges = (uint)_roomPrivileges;
            owner = _roomOwner;
        }

        var kept = true;
        var ticket = new SessionTicket(login.SessionId, login.Identifier, login.Platform, login.ObserverReference);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                kept = await login.User.Reattach(ticket, roomId, role, privileges, owner);
                break;
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException && attempt < 5)
            {
                // The grain directory may still point at the dead node for a moment: try again shortly.
                _logger.ReattachFailed(ex, login.SessionId);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                _logger.ReattachFailed(ex, login.SessionId);
                return;
            }
        }

        if (!kept)
        {
            await ((ISessionObserver)this).OnForceOffline(ForceOfflineReasons.LoggedInElsewhere, "");
        }
    }

    /// <summary>
    /// A call to a grain that may have lived on a dead node: when it answers as if it did not know this live session
    /// (<paramref name="lostThere"/>: the grain came back empty, before or despite <see cref="ReattachAsync"/>), the
    /// session re-asserts itself, then makes the call once more. The one mechanism behind the user grain's NotLoggedIn
    /// (<see cref="WithUserGrainAsync"/>) and the room's NotInRoom to the media glue (<see cref="MediaSessionContext.UpdateRoomAsync"/>).
    /// </summary>
    private async Task<T> CallReassertingAsync<T>(Func<Task<T>> call, Func<T, bool> lostThere)
    {
        var outcome = await call();
        if (!lostThere(outcome) || Volatile.Read(ref _closeCode) != 0)
        {
            return outcome;
        }

        await ReattachAsync();
        return Volatile.Read(ref _closeCode) != 0 ? outcome : await call();
    }

    /// <summary>A call to this session's user grain, re-asserting first when the grain lost the session with a dead node.</summary>
    private Task<RoomCallOutcome> WithUserGrainAsync(SessionLogin login, Func<IUserGrain, Task<RoomCallOutcome>> call) =>
        CallReassertingAsync(() => call(login.User), outcome => outcome.ErrorCode == ErrorCodes.NotLoggedIn);
}
