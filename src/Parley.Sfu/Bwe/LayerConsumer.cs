namespace Parley.Sfu.Bwe;

/// <summary>
/// One consumer of a transport as <see cref="LayerAllocator"/> sees it: its kind, whether it is paused, the highest
/// spatial layer it prefers, and where its measured per-layer bitrates (bits/s, smallest layer first; 0 = layer not
/// active) start in the bitrate span passed alongside. An audio consumer has one layer.
/// </summary>
public readonly record struct LayerConsumer(MediaKind Kind, bool Paused, int PreferredLayer, int FirstBitrateIndex, int LayerCount);
