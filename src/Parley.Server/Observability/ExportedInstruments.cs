using System.Diagnostics.Metrics;
using Parley.Sfu;
using Parley.Signaling.Observability;

namespace Parley.Server.Observability;

/// <summary>
/// Which System.Diagnostics.Metrics instruments <c>/metrics</c> exports (docs/metrics.md): every instrument of
/// Parley's meters, and a chosen few of Orleans' (grain activations and messaging failures: its push instruments on
/// hot paths — every grain call's sizes and latencies — are left out, so they cost nothing here).
/// </summary>
internal static class ExportedInstruments
{
    /// <summary>The meter of the server's own gauges and counters (media port, SFU rooms).</summary>
    public const string MediaMeterName = "Parley.Media";

    /// <summary>Orleans' meter (Microsoft.Orleans.Core).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    private static readonly HashSet<string> ParleyMeters =
        [ParleyInstruments.MeterName, SignalingMetrics.MeterName, SfuInstruments.MeterName, MediaMeterName];

    private static readonly HashSet<string> OrleansInstruments =
    [
        "orleans-catalog-activations",
        "orleans-catalog-activation-working-set",
        "orleans-catalog-activation-created",
        "orleans-catalog-activation-destroyed",
        "orleans-catalog-activation-failed-to-activate",
        "orleans-app-requests-timedout",
        "orleans-messaging-sent-failed",
        "orleans-messaging-rejected",
        "orleans-messaging-expired",
    ];

    /// <summary>
    /// Series that exist from the start at 0, before their first event (a counter that appears at 1 loses that first
    /// increase to <c>rate()</c>): instrument name → its one tag and the tag's values, or no tag.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string? Tag, string[] Values)> KnownSeries = new Dictionary<string, (string?, string[])>
    {
        ["parley.callbacks"] = ("outcome", [ParleyInstruments.CallbackOutcomes.Delivered, ParleyInstruments.CallbackOutcomes.Retried, ParleyInstruments.CallbackOutcomes.Dead]),
        ["parley.messages.sent"] = ("kind", ["c2c", "group", "room"]),
        ["parley.group.deliveries"] = (null, []),
        ["parley.media.nacks.received"] = (null, []),
        ["parley.media.retransmissions.sent"] = (null, []),
        ["parley.media.keyframe_requests.received"] = ("type", ["pli", "fir"]),
        ["parley.media.keyframe_requests.sent"] = ("type", ["pli", "fir"]),
        ["parley.media.packets.lost"] = ("direction", ["uplink", "downlink"]),
        ["parley.media.packets.expected"] = (null, []),
    };

    /// <summary>
    /// True for an instrument to export. Meters made by another host's factory (two servers in one test process) are
    /// left to that host; static meters (scope null) are the process's and every host reports them.
    /// </summary>
    public static bool ShouldExport(Instrument instrument, IMeterFactory ownFactory)
    {
        var meter = instrument.Meter;
        if (meter.Scope is not null && !ReferenceEquals(meter.Scope, ownFactory))
        {
            return false;
        }

        return ParleyMeters.Contains(meter.Name) || (meter.Name == OrleansMeterName && OrleansInstruments.Contains(instrument.Name));
    }
}
