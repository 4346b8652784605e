using Parley.Load.Common;

namespace Parley.Load.Signaling;

/// <summary>Numbers of one signaling run; printed as text and optionally written as JSON.</summary>
public sealed record SignalingReport(
    SignalingSettings Settings,
    double RampSeconds,
    int LoggedIn,
    int Joined,
    double LoginsPerSecond,
    double RampJoinsPerSecond,
    LatencySummary Login,
    LatencySummary RampJoin,
    double ChurnSeconds,
    double ChurnJoinsPerSecond,
    LatencySummary ChurnJoin,
    LatencySummary ChurnExit,
    int UnexpectedDisconnects,
    IReadOnlyList<ErrorCount> Errors,
    long? ServerRssBaselineBytes,
    long? ServerRssIdleBytes,
    double? ServerBytesPerIdleSession,
    long LoadToolRssBytes,
    double? ServerCpuSecondsDuringChurn,
    double LoadToolCpuSecondsDuringChurn);
