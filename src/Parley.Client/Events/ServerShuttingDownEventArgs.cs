namespace Parley.Client;

/// <summary>The server announced it is shutting down; the socket closes with 1001 next.</summary>
public sealed class ServerShuttingDownEventArgs(string reason) : EventArgs
{
    public string Reason { get; } = reason;
}
