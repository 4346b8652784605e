using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Observability;
using Prometheus;

namespace Parley.Server.Observability;

/// <summary>
/// The host's Prometheus registry: the exported instruments (<see cref="ExportedInstruments"/>, through
/// <see cref="PrometheusMeterBridge"/>) and prometheus-net's process statistics (CPU, memory, GC, threads). One per host,
/// never prometheus-net's static default registry, so two servers in one process (tests) keep their numbers apart.
/// Taking the gauge owners as parameters makes sure they exist before the first scrape.
/// </summary>
internal sealed class ParleyMetricsExporter : IDisposable
{
    private readonly PrometheusMeterBridge _bridge;

    public ParleyMetricsExporter(IMeterFactory meterFactory, SignalingMetrics signaling, MediaMetrics media, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(signaling);
        ArgumentNullException.ThrowIfNull(media);
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        _bridge = new PrometheusMeterBridge(
            Registry, instrument => ExportedInstruments.ShouldExport(instrument, meterFactory), loggerFactory.CreateLogger<ParleyMetricsExporter>());
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _bridge.Dispose();
}
