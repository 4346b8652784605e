using Parley.Load.Common;

namespace Parley.Load.Room;

/// <summary>The figures of one <c>parley-load room</c> run (window = the measured interval after warm-up).</summary>
public sealed record RoomReport(
    RoomSettings Settings,
    string Target,
    string? SrtpProfile,
    long WindowPacketsSent,
    long WindowPacketsForwarded,
    long WindowPacketsExpected,
    long PacketsLostByReceivers,
    int SilentSubscriptions,
    double WindowSeconds,
    double ServerCpuSeconds,
    double ToolCpuSeconds,
    LatencySummary Latency)
{
    public double ForwardedPerSecond => WindowPacketsForwarded / WindowSeconds;

    public double ServerCores => ServerCpuSeconds / WindowSeconds;

    public double ForwardedPerServerCoreSecond => ServerCpuSeconds > 0 ? WindowPacketsForwarded / ServerCpuSeconds : 0;

    /// <summary>Share of the packets every subscriber should have got that did not arrive in the window.</summary>
    public double LossFraction => WindowPacketsExpected > 0 ? Math.Max(0, 1 - ((double)WindowPacketsForwarded / WindowPacketsExpected)) : 0;
}
