namespace Parley.Client.Media.Rooms;

/// <summary>Audio or video (the m= line's media).</summary>
public enum MediaKind
{
    Audio,
    Video,
}
