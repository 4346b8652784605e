using Parley.Protocol.Messages;

namespace Parley.Client;

/// <summary>
/// The client reconnected and logged in again. <see cref="Room"/> is the re-join result when it was in a room;
/// <see cref="RejoinError"/> is set when the server refused the re-join (the session stays logged in). When
/// <see cref="Resumed"/>, the suspended session itself came back (docs/protocol.md §13): same session id, same room,
/// media untouched, no re-join (<see cref="Room"/> is null).
/// </summary>
public sealed class ReconnectedEventArgs(int attempts, LoginResult login, JoinRoomResult? room, ParleyException? rejoinError, bool resumed = false) : EventArgs
{
    /// <summary>True when the session was resumed rather than logged in afresh.</summary>
    public bool Resumed { get; } = resumed;

    /// <summary>How many attempts it took, 1 for the first.</summary>
    public int Attempts { get; } = attempts;
    public LoginResult Login { get; } = login;
    public JoinRoomResult? Room { get; } = room;
    public ParleyException? RejoinError { get; } = rejoinError;
}
