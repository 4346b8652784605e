using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.WebRtc;

namespace Parley.Server.Media;

/// <summary>
/// Owns the process's <see cref="WebRtcServer"/> (the shared UDP media port). The port is bound on first use, so
/// a server that never carries media (and parallel test servers) does not claim <c>Media:UdpPort</c>.
/// </summary>
public sealed class MediaServerAccessor : IAsyncDisposable
{
    private readonly Lazy<WebRtcServer> _server;

    public MediaServerAccessor(IOptions<MediaOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _server = new Lazy<WebRtcServer>(() => WebRtcServer.Start(options.Value, timeProvider, loggerFactory), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The media server, bound now if it was not yet.</summary>
    public WebRtcServer Server => _server.Value;

    public bool IsStarted => _server.IsValueCreated;

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await _server.Value.DisposeAsync();
        }
    }
}
