using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Parley.WebRtc.Echo;
using Parley.WebRtc.Transport;

namespace Parley.Server.Echo;

/// <summary>
/// Live echo sessions by transport id; a session ends when its transport closes for any reason. Admission is by
/// reservation (<see cref="TryReserve"/>), so concurrent requests can never exceed <c>Echo:MaxSessions</c> or
/// <c>Echo:MaxSessionsPerAddress</c>.
/// </summary>
public sealed class EchoSessions : IDisposable
{
    private readonly ConcurrentDictionary<string, (WebRtcTransport Transport, EchoReflector Reflector, IPAddress Address)> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _maxSessions;
    private readonly int _maxPerAddress;
    private int _reserved;

    public EchoSessions(TimeProvider timeProvider, IOptions<EchoOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider;
        _maxSessions = options.Value.MaxSessions;
        _maxPerAddress = options.Value.MaxSessionsPerAddress;
    }

    public int Count => _sessions.Count;

    /// <summary>
    /// Takes one session slot for a client at <paramref name="address"/>; every admitted reservation must end in
    /// <see cref="Add"/> (released when the transport closes) or <see cref="Release"/>.
    /// </summary>
    public EchoAdmission TryReserve(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            if (_reserved >= _maxSessions)
            {
                return EchoAdmission.ServerFull;
            }

            var fromAddress = _perAddress.GetValueOrDefault(address);
            if (fromAddress >= _maxPerAddress)
            {
                return EchoAdmission.AddressFull;
            }

            _perAddress[address] = fromAddress + 1;
            _reserved++;
            return EchoAdmission.Admitted;
        }
    }

    /// <summary>Gives back a slot taken by <see cref="TryReserve"/> that did not become a session.</summary>
    public void Release(IPAddress address)
    {
        lock (_gate)
        {
            _reserved--;
            if (_perAddress.TryGetValue(address, out var count) && count > 1)
            {
                _perAddress[address] = count - 1;
            }
            else
            {
                _perAddress.Remove(address);
            }
        }
    }

    /// <summary>
    /// Starts echoing on <paramref name="transport"/> until it closes. <paramref name="clockRates"/> (from the
    /// negotiated payload types) lets the echo's receiver reports measure interarrival jitter in RTP clock units.
    /// </summary>
    public void Add(WebRtcTransport transport, EchoClockRates clockRates, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(clockRates);
        ArgumentNullException.ThrowIfNull(address);
        var reflector = new EchoReflector(transport, _time, clockRates: clockRates);
        _sessions[transport.Id] = (transport, reflector, address);
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
        foreach (var (transport, _, _) in _sessions.Values)
        {
            transport.Close();
        }
    }

    private void OnStateChanged(WebRtcTransport transport, WebRtcTransportState state)
    {
        if (state == WebRtcTransportState.Closed && _sessions.TryRemove(transport.Id, out var session))
        {
            session.Reflector.Dispose();
            Release(session.Address);
        }
    }
}
