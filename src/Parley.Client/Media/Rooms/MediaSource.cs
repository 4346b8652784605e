namespace Parley.Client.Media.Rooms;

/// <summary>What a published track carries (docs/protocol.md §9): wire names <c>microphone</c>, <c>camera</c>, <c>screen</c>.</summary>
public enum MediaSource
{
    /// <summary>Audio from a microphone (or an Opus file standing in for one).</summary>
    Microphone,

    /// <summary>Video from a camera (or an IVF file); the vendor's main stream.</summary>
    Camera,

    /// <summary>Screen share: the vendor's sub-stream (video).</summary>
    Screen,
}
