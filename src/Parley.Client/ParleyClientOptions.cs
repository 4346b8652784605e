using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Roles;

namespace Parley.Client;

/// <summary>Settings of a <see cref="ParleyClient"/>. Checked when the client is constructed.</summary>
public sealed class ParleyClientOptions
{
    /// <summary>The signaling endpoint, <c>ws://host:7400/ws</c> or <c>wss://…/ws</c>.</summary>
    public Uri ServerUri { get; set; } = new("ws://localhost:7400/ws");

    /// <summary>
    /// More nodes of the same cluster (docs/cluster.md), tried after <see cref="ServerUri"/>. A connection attempt that
    /// fails moves on to the next URL at once; the client stays on the URL that answered until that connection drops.
    /// </summary>
    public IList<Uri> FallbackServerUris { get; } = [];

    /// <summary><see cref="ServerUri"/> and then each fallback, without repeats.</summary>
    internal IReadOnlyList<Uri> AllServerUris => [.. new[] { ServerUri }.Concat(FallbackServerUris).Distinct()];

    /// <summary>The terminal platform sent at login; it selects the role configuration (R4.2). Defaults to this OS.</summary>
    public string Platform { get; set; } = DetectPlatform();

    /// <summary>How long a request waits for its answer before failing with <c>ErrorCodes.Timeout</c>.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long opening the WebSocket may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reconnect, log in again and re-join the room when the socket drops without a terminal reason.</summary>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>
    /// Log in as resumable (docs/protocol.md §13): after a drop the reconnect first resumes the suspended session, so
    /// the room, the media transports and what happened meanwhile are kept; only if that fails does it log in and re-join.
    /// </summary>
    public bool Resumable { get; set; } = true;

    /// <summary>
    /// After every login (the first and each re-login of a reconnect), fetch what was missed (<c>syncMessages</c>,
    /// docs/protocol.md §14) and raise it as <see cref="ParleyClient.MessageReceived"/> and friends with FromSync set.
    /// </summary>
    public bool SyncMessagesOnLogin { get; set; } = true;

    /// <summary>
    /// Also reconnect after the server announced its shutdown (close 1001), e.g. behind a load balancer. With
    /// <see cref="FallbackServerUris"/> the client always does, starting with the next node.
    /// </summary>
    public bool ReconnectOnServerShutdown { get; set; }

    /// <summary>Delay before the first reconnect attempt; doubled after each failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of the reconnect backoff.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts before giving up (raising <see cref="ParleyClient.ReconnectFailed"/>); 0 means no limit.</summary>
    public int MaxReconnectAttempts { get; set; }

    /// <summary>Largest server frame accepted; a larger one closes the socket with 1009.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Clock for request timeouts, heartbeats and backoff; tests inject a fake one.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Where the client logs; nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Hook to set WebSocket options (proxy, headers, certificates) before each connect.</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; set; }

    /// <summary>The platform name of the OS this process runs on (one of <see cref="Protocol.Roles.Platform.All"/>).</summary>
    public static string DetectPlatform()
    {
        if (OperatingSystem.IsBrowser())
        {
            return Protocol.Roles.Platform.Web;
        }
        if (OperatingSystem.IsAndroid())
        {
            return Protocol.Roles.Platform.Android;
        }
        if (OperatingSystem.IsIOS())
        {
            return Protocol.Roles.Platform.Ios;
        }
        if (OperatingSystem.IsWindows())
        {
            return Protocol.Roles.Platform.Windows;
        }
        if (OperatingSystem.IsMacOS() || OperatingSystem.IsMacCatalyst())
        {
            return Protocol.Roles.Platform.Mac;
        }
        return Protocol.Roles.Platform.Linux;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range; returns the normalized platform.</summary>
    internal string Validate()
    {
        if (ServerUri is null || !ServerUri.IsAbsoluteUri || (ServerUri.Scheme != "ws" && ServerUri.Scheme != "wss"))
        {
            throw new ArgumentException("ServerUri must be an absolute ws:// or wss:// URI.", nameof(ServerUri));
        }
        if (FallbackServerUris.Any(u => u is null || !u.IsAbsoluteUri || (u.Scheme != "ws" && u.Scheme != "wss")))
        {
            throw new ArgumentException("Every FallbackServerUris entry must be an absolute ws:// or wss:// URI.", nameof(FallbackServerUris));
        }
        if (!Protocol.Roles.Platform.TryNormalize(Platform, out var platform))
        {
            throw new ArgumentException("Platform must be one of " + string.Join(", ", Protocol.Roles.Platform.All) + ".", nameof(Platform));
        }
        RequirePositive(RequestTimeout, nameof(RequestTimeout));
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(ReconnectInitialDelay, nameof(ReconnectInitialDelay));
        if (ReconnectMaxDelay < ReconnectInitialDelay)
        {
            throw new ArgumentException("ReconnectMaxDelay must be at least ReconnectInitialDelay.", nameof(ReconnectMaxDelay));
        }
        if (MaxReconnectAttempts < 0)
        {
            throw new ArgumentException("MaxReconnectAttempts must be 0 (no limit) or more.", nameof(MaxReconnectAttempts));
        }
        if (MaxMessageBytes < 1024)
        {
            throw new ArgumentException("MaxMessageBytes must be at least 1024.", nameof(MaxMessageBytes));
        }
        return platform;
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException(name + " must be positive.", name);
        }
    }
}
