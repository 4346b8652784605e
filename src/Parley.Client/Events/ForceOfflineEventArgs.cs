namespace Parley.Client;

/// <summary>The same identifier logged in elsewhere; this session is over and the client does not reconnect.</summary>
public sealed class ForceOfflineEventArgs(string reason, string platform) : EventArgs
{
    public string Reason { get; } = reason;
    /// <summary>The platform of the login that took over.</summary>
    public string Platform { get; } = platform;
}
