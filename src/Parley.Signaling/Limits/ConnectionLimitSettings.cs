namespace Parley.Signaling.Limits;

/// <summary>A cap on signaling connections open at once per client address; bound to <c>Limits:ConnectionsPerAddress</c>.</summary>
public sealed class ConnectionLimitSettings
{
    /// <summary>False turns this limit off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most WebSockets one address may hold open; the next is closed with 4029 (error 90046).</summary>
    public int Max { get; set; } = 1000;
}
