using Parley.Load.Common;

namespace Parley.Load.Signaling;

/// <summary>
/// Numbers of one signaling run; printed as text and optionally written as JSON. The RSS figures are the first
/// server's (<c>--server-pid</c>), per session logged in on it (<see cref="SessionsOnFirstServer"/>); the server CPU
/// figures sum every node named by a pid.
/// </summary>
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
    double LoadToolCpuSecondsDuringChurn,
    int SessionsOnFirstServer,
    double? ServerCoresDuringChurn,
    double? JoinsPerServerCoreSecond);
