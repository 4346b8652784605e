namespace Parley.Client.Media.Rooms;

/// <summary>The wire spelling of <see cref="MediaSource"/> and <see cref="MediaKind"/> (docs/protocol.md §9).</summary>
public static class MediaWireNames
{
    public static string ToWire(this MediaSource source) => source switch
    {
        MediaSource.Microphone => "microphone",
        MediaSource.Camera => "camera",
        MediaSource.Screen => "screen",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    public static string ToWire(this MediaKind kind) => kind == MediaKind.Audio ? "audio" : "video";

    /// <summary>The kind a source must have: microphone is audio, camera and screen are video.</summary>
    public static MediaKind KindOf(MediaSource source) => source == MediaSource.Microphone ? MediaKind.Audio : MediaKind.Video;

    public static bool TryParseSource(string? wire, out MediaSource source)
    {
        switch (wire)
        {
            case "microphone": source = MediaSource.Microphone; return true;
            case "camera": source = MediaSource.Camera; return true;
            case "screen": source = MediaSource.Screen; return true;
            default: source = default; return false;
        }
    }

    public static MediaKind ParseKind(string? wire) => wire == "audio" ? MediaKind.Audio : MediaKind.Video;
}
