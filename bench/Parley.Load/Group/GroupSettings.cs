namespace Parley.Load.Group;

/// <summary>Parameters of one group fan-out run (see <see cref="GroupScenario"/>).</summary>
public sealed record GroupSettings(
    int Members,
    int Groups,
    int SendersPerGroup,
    double RatePerGroup,
    TimeSpan Warmup,
    TimeSpan Duration,
    int Concurrency,
    int? ServerPid);
