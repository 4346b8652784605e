namespace Parley.Server.Media.Rooms;

/// <summary>What a published track carries (docs/protocol.md §9): the wire names are "microphone", "camera", "screen".</summary>
public enum TrackSource
{
    Microphone,
    Camera,

    /// <summary>A screen share: the vendor's sub-stream.</summary>
    Screen,
}
