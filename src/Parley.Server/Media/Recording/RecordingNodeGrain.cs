using Orleans.Concurrency;

namespace Parley.Server.Media.Recording;

/// <summary>
/// This node's recordings (<see cref="IRecordingNodeGrain"/>): the folders under <c>Recording:Directory</c>, with the
/// live figures of those running here. Stateless and reentrant.
/// </summary>
[Reentrant]
[RecordingNodePlacement]
internal sealed class RecordingNodeGrain(RecordingStorage storage, LocalRecordings running) : Grain, IRecordingNodeGrain
{
    /// <summary>The most one <see cref="ReadFile"/> answers (the admin API streams a file in pieces of this size).</summary>
    public const int MaxChunk = 1024 * 1024;

    public Task<IReadOnlyList<NodeRecording>> List(long sdkAppId) => Task.FromResult(ListHere(storage, running, sdkAppId));

    public Task<long> FileSize(long sdkAppId, string recordingId, string fileName) =>
        Task.FromResult(storage.FindFile(sdkAppId, recordingId, fileName) is { } path ? new FileInfo(path).Length : -1L);

    public async Task<byte[]> ReadFile(long sdkAppId, string recordingId, string fileName, long offset, int count)
    {
        if (storage.FindFile(sdkAppId, recordingId, fileName) is not { } path)
        {
            throw new FileNotFoundException("No such recording file on this node.", fileName);
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, useAsync: true);
        file.Position = Math.Max(0, offset);
        var buffer = new byte[Math.Clamp(count, 0, MaxChunk)];
        var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    /// <summary>This node's recordings of the app: running ones as they are now, the rest as their <c>recording.json</c> says.</summary>
    public static IReadOnlyList<NodeRecording> ListHere(RecordingStorage storage, LocalRecordings running, long sdkAppId)
    {
        var found = new List<NodeRecording>();
        foreach (var info in storage.List(sdkAppId))
        {
            if (running.Find(info.RecordingId) is { } live)
            {
                found.Add(new NodeRecording(live.Snapshot(), Running: true));
            }
            else
            {
                found.Add(new NodeRecording(info, Running: false));
            }
        }

        return found;
    }
}
