using Parley.Protocol.Messages;
using Parley.Sfu;

namespace Parley.Server.Media.Rooms;

/// <summary><see cref="TrackSource"/> to and from the wire names of <see cref="TrackSources"/>.</summary>
internal static class TrackSourceNames
{
    public static string ToWire(this TrackSource source) => source switch
    {
        TrackSource.Microphone => TrackSources.Microphone,
        TrackSource.Camera => TrackSources.Camera,
        _ => TrackSources.Screen,
    };

    public static bool TryParse(string? wire, out TrackSource source)
    {
        switch (wire)
        {
            case TrackSources.Microphone: source = TrackSource.Microphone; return true;
            case TrackSources.Camera: source = TrackSource.Camera; return true;
            case TrackSources.Screen: source = TrackSource.Screen; return true;
            default: source = default; return false;
        }
    }

    public static MediaKind Kind(this TrackSource source) => source == TrackSource.Microphone ? MediaKind.Audio : MediaKind.Video;
}
