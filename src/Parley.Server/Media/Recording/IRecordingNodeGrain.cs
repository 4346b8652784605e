namespace Parley.Server.Media.Recording;

/// <summary>
/// One node's recordings on disk, addressed by the node: the key is the silo's address and the grain is activated on
/// exactly that silo (<see cref="RecordingNodePlacementAttribute"/>). The admin API asks every node to list recordings
/// and reads a file through the node whose disk has it.
/// </summary>
[Alias("parley.IRecordingNodeGrain")]
public interface IRecordingNodeGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<NodeRecording>> List(long sdkAppId);

    /// <summary>The size of a recording's file on this node, or -1 when this node does not have it.</summary>
    Task<long> FileSize(long sdkAppId, string recordingId, string fileName);

    /// <summary>Up to <paramref name="count"/> bytes of the file from <paramref name="offset"/> (fewer at its end).</summary>
    Task<byte[]> ReadFile(long sdkAppId, string recordingId, string fileName, long offset, int count);
}
