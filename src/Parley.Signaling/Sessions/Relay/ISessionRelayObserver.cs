namespace Parley.Signaling.Sessions.Relay;

/// <summary>
/// The relaying node's end of a relayed session (<see cref="ISessionRelayGrain"/>): what the session sends its client.
/// Called in order, one call at a time (the session's send queue awaits each).
/// </summary>
[Alias("parley.ISessionRelayObserver")]
public interface ISessionRelayObserver : IGrainObserver
{
    /// <summary>One whole text message for the client.</summary>
    Task Send(byte[] message);

    /// <summary>The session closes the connection with <paramref name="closeStatus"/>, or 0: cut it off (no close frame).</summary>
    Task Close(int closeStatus, string? closeDescription);
}
