namespace Parley.Signaling;

/// <summary>Connection-level limits and timers of the <c>/ws</c> endpoint; bound to the <c>Signaling</c> section (docs/protocol.md §7).</summary>
public sealed class SignalingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Signaling";

    /// <summary>Largest incoming message (all fragments together); larger closes the socket with 1009.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Connect-to-login deadline; missing it closes the socket with 4010.</summary>
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often clients are told to ping (announced in LoginResult).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Silence after which a logged-in socket is closed with 4003.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Token bucket refill rate, requests per second per connection.</summary>
    public double RateLimitPerSecond { get; set; } = 50;

    /// <summary>Token bucket size (burst) per connection.</summary>
    public int RateLimitBurst { get; set; } = 100;

    /// <summary>Rate-limited messages within <see cref="FloodWindow"/> that close the socket with 4008.</summary>
    public int FloodCloseThreshold { get; set; } = 100;

    /// <summary>Window over which rate-limited messages are counted.</summary>
    public TimeSpan FloodWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Outgoing messages queued for one connection before it is closed with 1008 as a slow reader.</summary>
    public int SendQueueLimit { get; set; } = 256;

    /// <summary>
    /// How long a session that logged in with <c>resumable: true</c> stays suspended after its socket drops, waiting
    /// for <c>resume</c> (docs/protocol.md §13). It stays in its room meanwhile; zero turns resuming off.
    /// </summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether <c>/ws</c> upgrades on plain connections are answered at the connection level, before Kestrel's HTTP
    /// layer (less memory per session: no HTTP request objects are kept for the socket's life). Off, or when
    /// <c>Limits:TrustedProxies</c> is set, or behind TLS terminated by Kestrel: the HTTP endpoint serves them.
    /// </summary>
    public bool ConnectionLevelWebSockets { get; set; } = true;

    /// <summary>How long a close handshake may take before the socket is aborted.</summary>
    public TimeSpan CloseHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
