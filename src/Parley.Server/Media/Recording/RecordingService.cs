using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Parley.Signaling.Grains;

namespace Parley.Server.Media.Recording;

/// <summary>
/// The admin API's side of recording (docs/recording.md): start and stop go to the room's media grain, wherever the
/// room's media is; listings ask every node of the cluster for what its disk holds; a file is read from the node that
/// has it (straight from disk when that is this node). Singleton.
/// </summary>
internal sealed class RecordingService(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    RecordingStorage storage,
    LocalRecordings running,
    ILogger<RecordingService> logger)
{
    /// <summary>How long a node may take to answer before it counts as unavailable.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(15);

    public Task<RecordingStartResult> StartAsync(long sdkAppId, long roomId, CancellationToken cancellationToken) =>
        RoomGrain(sdkAppId, roomId).StartRecording().WaitAsync(NodeTimeout, cancellationToken);

    public Task<RecordingInfo?> StopAsync(long sdkAppId, long roomId, CancellationToken cancellationToken) =>
        RoomGrain(sdkAppId, roomId).StopRecording(RecordingStopReasons.Requested).WaitAsync(NodeTimeout, cancellationToken);

    /// <summary>
    /// Every recording of the app on any node, newest first: running ones with their live figures; one that says it is
    /// recording but runs nowhere is <see cref="RecordingStates.Interrupted"/>. Nodes that do not answer are named.
    /// </summary>
    public async Task<(IReadOnlyList<RecordingInfo> Recordings, IReadOnlyList<string> UnreachableNodes)> ListAsync(long sdkAppId, CancellationToken cancellationToken)
    {
        var here = silo.SiloAddress;
        var answers = new List<NodeRecording>(RecordingNodeGrain.ListHere(storage, running, sdkAppId));
        var unreachable = new List<string>();
        var others = OtherActiveNodes(here);
        var calls = others.Select(node => (Node: node, Call: NodeGrain(node).List(sdkAppId).WaitAsync(NodeTimeout, cancellationToken))).ToList();
        foreach (var (node, call) in calls)
        {
            try
            {
                answers.AddRange(await call);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
            {
                RecordingLog.NodeUnreachable(logger, e, node.ToParsableString());
                unreachable.Add(node.ToParsableString());
            }
        }

        // A shared Recording:Directory shows one recording on several nodes: the one running it speaks for it.
        var merged = answers
            .GroupBy(answer => answer.Info.RecordingId, StringComparer.Ordinal)
            .Select(group => group.FirstOrDefault(answer => answer.Running) ?? group.First())
            .Select(answer => !answer.Running && answer.Info.State == RecordingStates.Recording
                ? answer.Info with { State = RecordingStates.Interrupted }
                : answer.Info)
            .OrderByDescending(info => info.StartedAt)
            .ThenBy(info => info.RecordingId, StringComparer.Ordinal)
            .ToList();
        return (merged, unreachable);
    }

    /// <summary>A recording's entry as the listing gives it; null when no node has it.</summary>
    public async Task<RecordingInfo?> FindAsync(long sdkAppId, string recordingId, CancellationToken cancellationToken)
    {
        if (!RecordingStorage.IsValidRecordingId(recordingId))
        {
            return null;
        }

        var (recordings, _) = await ListAsync(sdkAppId, cancellationToken);
        return recordings.FirstOrDefault(info => info.RecordingId == recordingId);
    }

    /// <summary>
    /// Where a recording's file is: a local path, or the node that has it and its size. Null when no answering node has
    /// it; throws <see cref="TimeoutException"/> when it may be on a node that did not answer.
    /// </summary>
    public async Task<RecordingFileLocation?> LocateFileAsync(long sdkAppId, string recordingId, string fileName, CancellationToken cancellationToken)
    {
        if (!RecordingStorage.IsValidRecordingId(recordingId) || !RecordingFileNames.IsValid(fileName))
        {
            return null;
        }

        if (storage.FindFile(sdkAppId, recordingId, fileName) is { } path)
        {
            return new RecordingFileLocation(path, null, new FileInfo(path).Length);
        }

        Exception? failure = null;
        foreach (var node in OtherActiveNodes(silo.SiloAddress))
        {
            try
            {
                var grain = NodeGrain(node);
                var size = await grain.FileSize(sdkAppId, recordingId, fileName).WaitAsync(NodeTimeout, cancellationToken);
                if (size >= 0)
                {
                    return new RecordingFileLocation(null, grain, size);
                }
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
            {
                RecordingLog.NodeUnreachable(logger, e, node.ToParsableString());
                failure = e;
            }
        }

        return failure is null ? null : throw new TimeoutException("A node that may hold the recording did not answer.", failure);
    }

    private IRoomRecordingGrain RoomGrain(long sdkAppId, long roomId) => grains.GetGrain<IRoomRecordingGrain>(GrainKeys.Room(sdkAppId, roomId));

    private IRecordingNodeGrain NodeGrain(SiloAddress node) => grains.GetGrain<IRecordingNodeGrain>(node.ToParsableString());

    private List<SiloAddress> OtherActiveNodes(SiloAddress here) =>
        [.. membership.CurrentSnapshot.Members.Values.Where(member => member.Status == SiloStatus.Active && !member.SiloAddress.Equals(here)).Select(member => member.SiloAddress)];
}
