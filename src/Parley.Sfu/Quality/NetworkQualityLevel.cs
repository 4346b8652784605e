namespace Parley.Sfu.Quality;

/// <summary>The vendor's network-quality scale (docs/protocol.md §11): 0 unknown, 1 excellent … 5 very bad.</summary>
public enum NetworkQualityLevel
{
    Unknown = 0,
    Excellent = 1,
    Good = 2,
    Poor = 3,
    Bad = 4,
    VeryBad = 5,
}
