using Parley.Media.Files.Rtp;

namespace Parley.Server.Media.Recording;

/// <summary>What the receive path and the recording's own calls hand its writer task, in order.</summary>
internal readonly record struct RecordingItem(RecordingItemKind Kind, RecordingTrack? Track, int Layer, RecordedPacket Packet)
{
    public static RecordingItem ForPacket(RecordingTrack track, int layer, in RecordedPacket packet) => new(RecordingItemKind.Packet, track, layer, packet);

    public static RecordingItem ForClose(RecordingTrack track) => new(RecordingItemKind.Close, track, 0, default);

    public static readonly RecordingItem Tick = new(RecordingItemKind.Tick, null, 0, default);
}
