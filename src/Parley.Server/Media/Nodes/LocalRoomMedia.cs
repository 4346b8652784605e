using System.Collections.Concurrent;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// The keys of the <see cref="RoomMediaGrain"/> activations on this node, so <see cref="MediaNodeWatch"/> can tell them
/// when a node holding some of their stays' sessions has died. Singleton; thread-safe.
/// </summary>
internal sealed class LocalRoomMedia
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Keys => [.. _keys.Keys];

    public void Add(string key) => _keys.TryAdd(key, 0);

    public void Remove(string key) => _keys.TryRemove(key, out _);
}
