namespace Parley.Sfu;

/// <summary>What a producer carries; the m= section's media type.</summary>
public enum MediaKind
{
    Audio,
    Video,
}
