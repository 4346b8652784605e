using Parley.Load.Common;

namespace Parley.Load.Group;

/// <summary>One target's figures from a group fan-out run.</summary>
public sealed record GroupReport(
    string Target,
    GroupSettings Settings,
    int Connected,
    double ConnectSeconds,
    long Sent,
    long SendErrors,
    long ExpectedDeliveries,
    long Delivered,
    double WindowSeconds,
    double CpuSeconds,
    double DeliveriesPerSecond,
    double? ServerCpuSeconds,
    double? DeliveriesPerServerCoreSecond,
    LatencySummary Latency,
    LatencySummary SendAck,
    double ToolCpuSeconds);
