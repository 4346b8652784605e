namespace Parley.Media.Files.Webm;

/// <summary>Matroska's TrackType values for the two kinds a WebM file carries.</summary>
public enum WebmTrackKind
{
    Video = 1,
    Audio = 2,
}
