namespace Parley.Load.Echo;

/// <summary>What one echo load run measured; "window" is the measured phase after warm-up, plus the drain.</summary>
public sealed record EchoReport(
    int Sessions,
    string? SrtpProfile,
    int TargetPacketsPerSecond,
    long PacketsSent,
    long PacketsReceived,
    long SendFailures,
    double WindowSeconds,
    long WindowPacketsSent,
    long WindowPacketsReceived,
    double ServerCpuSeconds,
    double ToolCpuSeconds)
{
    /// <summary>Fraction of the packets sent in the window that did not come back.</summary>
    public double WindowLoss => WindowPacketsSent == 0 ? 0 : Math.Max(0, 1 - ((double)WindowPacketsReceived / WindowPacketsSent));

    /// <summary>Echoed packets per second over the window.</summary>
    public double PacketsPerSecond => WindowSeconds == 0 ? 0 : WindowPacketsReceived / WindowSeconds;

    /// <summary>Echoed packets per second of server CPU time: the per-core throughput.</summary>
    public double PacketsPerServerCoreSecond => ServerCpuSeconds <= 0 ? 0 : WindowPacketsReceived / ServerCpuSeconds;
}
