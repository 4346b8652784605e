using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Parley.WebRtc.Echo;
using Parley.WebRtc.Transport;

namespace Parley.Server.Echo;

/// <summary>Live echo sessions by transport id; a session ends when its transport closes for any reason.</summary>
public sealed class EchoSessions : IDisposable
{
    private readonly ConcurrentDictionary<string, (WebRtcTransport Transport, EchoReflector Reflector)> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _maxSessions;

    public EchoSessions(TimeProvider timeProvider, IOptions<EchoOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider;
        _maxSessions = options.Value.MaxSessions;
    }

    public int Count => _sessions.Count;

    public bool IsFull => _sessions.Count >= _maxSessions;

    /// <summary>
    /// Starts echoing on <paramref name="transport"/> until it closes. <paramref name="clockRates"/> (from the
    /// negotiated payload types) lets the echo's receiver reports measure interarrival jitter in RTP clock units.
    /// </summary>
    public void Add(WebRtcTransport transport, EchoClockRates clockRates)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(clockRates);
        var reflector = new EchoReflector(transport, _time, clockRates: clockRates);
        _sessions[transport.Id] = (transport, reflector);
        transport.StateChanged += OnStateChanged;
        if (transport.State == WebRtcTransportState.Closed)
        {
            OnStateChanged(transport, WebRtcTransportState.Closed);
        }
    }

    public bool TryGet(string id, out WebRtcTransport transport)
    {
        if (_sessions.TryGetValue(id, out var session))
        {
            transport = session.Transport;
            return true;
        }

        transport = null!;
        return false;
    }

    public void Dispose()
    {
        foreach (var (transport, _) in _sessions.Values)
        {
            transport.Close();
        }
    }

    private void OnStateChanged(WebRtcTransport transport, WebRtcTransportState state)
    {
        if (state == WebRtcTransportState.Closed && _sessions.TryRemove(transport.Id, out var session))
        {
            session.Reflector.Dispose();
        }
    }
}
