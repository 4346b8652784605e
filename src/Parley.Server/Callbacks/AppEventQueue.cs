using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Callbacks;

namespace Parley.Server.Callbacks;

/// <summary>
/// The server's <see cref="IAppEventSink"/>: a bounded in-memory queue in front of the outbox, so a grain hands an
/// event over without waiting on the database. <see cref="CallbackOutboxWriter"/> drains it into the outbox in
/// batches; an event counts as accepted once written there. Events of apps known (from the settings cache) not to want
/// them are not queued at all; when the queue is full the new event is dropped and counted (docs/callbacks.md §5).
/// </summary>
public sealed class AppEventQueue : IAppEventSink
{
    private readonly Channel<AppEvent> _channel;
    private readonly CallbackSettingsCache _settings;
    private readonly CallbackMetrics _metrics;
    private readonly ILogger<AppEventQueue> _logger;
    private readonly int _capacity;
    private long _dropped;
    private volatile bool _completed;

    public AppEventQueue(IOptions<CallbackOptions> options, CallbackSettingsCache settings, CallbackMetrics metrics, ILogger<AppEventQueue> logger)
    {
        _capacity = options.Value.QueueCapacity;
        _channel = Channel.CreateBounded<AppEvent>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full; nobody ever waits
            SingleReader = true,
        });
        _settings = settings;
        _metrics = metrics;
        _logger = logger;
    }

    internal ChannelReader<AppEvent> Reader => _channel.Reader;

    /// <summary>Events dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(AppEvent appEvent)
    {
        if (_settings.TryGetFresh(appEvent.SdkAppId, out var settings) && settings?.Wants(appEvent.EventType) != true)
        {
            return; // the app has no URL for this event: nothing to deliver
        }

        if (_channel.Writer.TryWrite(appEvent))
        {
            return;
        }

        _metrics.Dropped();
        var dropped = Interlocked.Increment(ref _dropped);
        if (_completed)
        {
            return; // the server is stopping; nothing more is taken
        }

        if (dropped == 1 || dropped % 1000 == 0)
        {
            CallbackLog.QueueFull(_logger, _capacity, dropped);
        }
    }

    /// <summary>No more events are taken (the server is stopping); the writer drains what is queued.</summary>
    internal void Complete()
    {
        _completed = true;
        _channel.Writer.TryComplete();
    }
}
