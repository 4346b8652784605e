using Parley.Sfu;

namespace Parley.Server.Media.Rooms;

/// <summary>Wire names and kinds of <see cref="TrackSource"/>.</summary>
public static class TrackSources
{
    public static string ToWire(this TrackSource source) => source switch
    {
        TrackSource.Microphone => "microphone",
        TrackSource.Camera => "camera",
        _ => "screen",
    };

    public static bool TryParse(string? wire, out TrackSource source)
    {
        switch (wire)
        {
            case "microphone": source = TrackSource.Microphone; return true;
            case "camera": source = TrackSource.Camera; return true;
            case "screen": source = TrackSource.Screen; return true;
            default: source = default; return false;
        }
    }

    public static MediaKind Kind(this TrackSource source) => source == TrackSource.Microphone ? MediaKind.Audio : MediaKind.Video;
}
