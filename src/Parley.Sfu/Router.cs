using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Sfu.Speakers;

namespace Parley.Sfu;

/// <summary>
/// One room's media: its transports, the producers published on them, and one timer (<see cref="RouterOptions.TickInterval"/>)
/// that drives key-frame retries, layer activity and layer choice. Thread-safe.
/// </summary>
public sealed class Router : IDisposable
{
    private readonly ConcurrentDictionary<string, Transport> _transports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Producer> _producers = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private int _disposed;
    private int _ticking;

    public Router(RouterOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        Options = options;
        Time = timeProvider;
        Id = options.Id ?? Guid.NewGuid().ToString("N");
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Parley.Sfu");
        Speakers = new ActiveSpeakerDetector(timeProvider);
        _timer = timeProvider.CreateTimer(static state => ((Router)state!).Tick(), this, options.TickInterval, options.TickInterval);
    }

    public string Id { get; }

    public RouterOptions Options { get; }

    public IReadOnlyCollection<Transport> Transports => _transports.Values.ToArray();

    public IReadOnlyCollection<Producer> Producers => _producers.Values.ToArray();

    /// <summary>Raised from the router's timer when the loudest producers change; levels 0–100.</summary>
    public event Action<Router, IReadOnlyList<ActiveSpeaker>>? ActiveSpeakersChanged;

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    /// <summary>Audio levels of the room's audio producers → the loudest few, reported from the tick.</summary>
    internal ActiveSpeakerDetector Speakers { get; }

    /// <summary>A transport on <paramref name="link"/> (one per client connection and direction).</summary>
    public Transport CreateTransport(IMediaLink link, TransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        options ??= new TransportOptions();
        var transport = new Transport(this, link, options);
        if (!_transports.TryAdd(transport.Id, transport))
        {
            throw new ArgumentException($"A transport with id '{transport.Id}' already exists in router {Id}.", nameof(options));
        }

        SfuLog.TransportCreated(Logger, Id, transport.Id);
        return transport;
    }

    public bool TryGetProducer(string producerId, out Producer producer) => _producers.TryGetValue(producerId, out producer!);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer.Dispose();
        foreach (var transport in _transports.Values)
        {
            transport.Dispose();
        }
    }

    internal void AddProducer(Producer producer)
    {
        if (!_producers.TryAdd(producer.Id, producer))
        {
            throw new ArgumentException($"A producer with id '{producer.Id}' already exists in router {Id}.", nameof(producer));
        }

        if (producer.Kind == MediaKind.Audio)
        {
            Speakers.AddProducer(producer.Id);
        }
    }

    internal void RemoveProducer(Producer producer)
    {
        if (_producers.TryRemove(new KeyValuePair<string, Producer>(producer.Id, producer)) && producer.Kind == MediaKind.Audio)
        {
            Speakers.RemoveProducer(producer.Id);
        }
    }

    internal void RemoveTransport(Transport transport) => _transports.TryRemove(new KeyValuePair<string, Transport>(transport.Id, transport));

    /// <summary>One timer period; public to tests through <c>InternalsVisibleTo</c> so they need not wait for the timer.</summary>
    internal void Tick()
    {
        // A slow tick must not overlap the next one.
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return;
        }

        try
        {
            foreach (var producer in _producers.Values)
            {
                producer.OnTick();
            }

            foreach (var transport in _transports.Values)
            {
                transport.OnTick();
            }

            if (Speakers.TryUpdate(Time.GetTimestamp(), out var speakers))
            {
                ActiveSpeakersChanged?.Invoke(this, speakers);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            SfuLog.TickFailed(Logger, Id, exception);
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
