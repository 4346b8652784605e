using Microsoft.Extensions.Logging;

namespace Parley.Signaling.Nodes;

/// <summary>Log messages of the cluster's node directory (event ids 5440–5441; 5400–5439 are the callbacks').</summary>
internal static partial class NodesLog
{
    [LoggerMessage(EventId = 5440, Level = LogLevel.Information, Message = "Node {Silo} did not describe itself ({Error}); listed as unreachable")]
    public static partial void NodeUnreachable(ILogger logger, string silo, string error);

    [LoggerMessage(EventId = 5441, Level = LogLevel.Debug, Message = "Node {Silo} announces signaling URL {SignalingUrl}")]
    public static partial void NodeLearned(ILogger logger, string silo, string? signalingUrl);
}
