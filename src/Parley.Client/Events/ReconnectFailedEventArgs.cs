namespace Parley.Client;

/// <summary>Reconnecting stopped for good (userSig expired or refused, attempts exhausted); the client is logged out.</summary>
public sealed class ReconnectFailedEventArgs(int attempts, Exception error) : EventArgs
{
    public int Attempts { get; } = attempts;
    public Exception Error { get; } = error;
}
