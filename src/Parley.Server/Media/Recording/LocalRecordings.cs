using System.Collections.Concurrent;

namespace Parley.Server.Media.Recording;

/// <summary>The recordings running on this node (so listings show their live sizes). Singleton; thread-safe.</summary>
internal sealed class LocalRecordings
{
    private readonly ConcurrentDictionary<string, RoomRecording> _running = new(StringComparer.Ordinal);

    public IReadOnlyCollection<RoomRecording> Running => [.. _running.Values];

    public void Add(RoomRecording recording) => _running[recording.RecordingId] = recording;

    public void Remove(RoomRecording recording) => _running.TryRemove(new KeyValuePair<string, RoomRecording>(recording.RecordingId, recording));

    public RoomRecording? Find(string recordingId) => _running.GetValueOrDefault(recordingId);
}
