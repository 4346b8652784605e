namespace Parley.Load.Group;

/// <summary>
/// Parameters of one group fan-out run (see <see cref="GroupScenario"/>). <see cref="MoreServerPids"/>: the other nodes
/// of a cluster, whose CPU time counts as server time too.
/// </summary>
public sealed record GroupSettings(
    int Members,
    int Groups,
    int SendersPerGroup,
    double RatePerGroup,
    TimeSpan Warmup,
    TimeSpan Duration,
    int Concurrency,
    int? ServerPid,
    IReadOnlyList<int>? MoreServerPids = null);
