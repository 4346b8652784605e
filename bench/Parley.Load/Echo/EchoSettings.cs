using Parley.Srtp;

namespace Parley.Load.Echo;

/// <summary>Parameters of <see cref="EchoScenario"/>.</summary>
public sealed record EchoSettings(
    Uri Server,
    int Sessions,
    int PacketsPerSecond,
    int PayloadBytes,
    TimeSpan Warmup,
    TimeSpan Duration,
    int? ServerPid,
    SrtpProfile? Profile,
    int PacketsPerFrame,
    bool BatchedIo);
