namespace Parley.Server.Storage;

/// <summary>
/// Numbering rules every provider follows when it allocates identifiers for a new app (R1.1).
/// </summary>
public static class AppIdAllocation
{
    /// <summary>The first <c>sdkAppId</c>; later ones are the highest existing one plus one, never below this floor.</summary>
    public const long FirstSdkAppId = 1_400_000_001;

    /// <summary>
    /// Base of automatic <c>accountType</c>s: the app numbered n (from 0) gets <c>FirstAccountType + n</c>, which keeps
    /// them distinct as long as nobody passes an explicit one that collides.
    /// </summary>
    public const long FirstAccountType = 36_862;
}
