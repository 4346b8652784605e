namespace Parley.Protocol.Messages;

/// <summary>The sources of a producer (docs/protocol.md §9) and the kind each one carries.</summary>
public static class TrackSources
{
    public const string Microphone = "microphone";
    public const string Camera = "camera";
    /// <summary>Screen sharing, the vendor's "sub-stream".</summary>
    public const string Screen = "screen";

    public const string Audio = "audio";
    public const string Video = "video";

    /// <summary>The kind a source carries, or null for an unknown source.</summary>
    public static string? KindOf(string? source) => source switch
    {
        Microphone => Audio,
        Camera or Screen => Video,
        _ => null,
    };

    /// <summary>The vendor-style availability event of a source (<c>userAudioAvailable</c> …), or null.</summary>
    public static string? AvailabilityEvent(string? source) => source switch
    {
        Microphone => Events.UserAudioAvailable,
        Camera => Events.UserVideoAvailable,
        Screen => Events.UserSubStreamAvailable,
        _ => null,
    };
}
