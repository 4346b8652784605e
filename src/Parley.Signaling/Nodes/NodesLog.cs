using Microsoft.Extensions.Logging;

namespace Parley.Signaling.Nodes;

/// <summary>Log messages of the cluster's node directory (event ids 5413–5419; 5400–5412 are the callbacks').</summary>
internal static partial class NodesLog
{
    [LoggerMessage(EventId = 5413, Level = LogLevel.Information, Message = "Node {Silo} did not describe itself ({Error}); listed as unreachable")]
    public static partial void NodeUnreachable(ILogger logger, string silo, string error);

    [LoggerMessage(EventId = 5414, Level = LogLevel.Debug, Message = "Node {Silo} announces signaling URL {SignalingUrl}")]
    public static partial void NodeLearned(ILogger logger, string silo, string? signalingUrl);
}
