using System.Globalization;

namespace Parley.Signaling.Grains;

/// <summary>String keys of the per-app grains: everything is scoped to one app (R1.2).</summary>
public static class GrainKeys
{
    /// <summary><c>"{sdkAppId}/{identifierKey}"</c>: one user grain per case-insensitive identifier per app (R2.1).</summary>
    public static string User(long sdkAppId, string identifierKey) =>
        sdkAppId.ToString(CultureInfo.InvariantCulture) + "/" + identifierKey;

    /// <summary><c>"{sdkAppId}/{roomId}"</c>: the same number in one app is the same room (R3.2).</summary>
    public static string Room(long sdkAppId, long roomId) =>
        sdkAppId.ToString(CultureInfo.InvariantCulture) + "/" + roomId.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>"{sdkAppId}/{groupId}"</c>: one group grain per group id per app (ids may contain '/'; the first one splits).</summary>
    public static string Group(long sdkAppId, string groupId) =>
        sdkAppId.ToString(CultureInfo.InvariantCulture) + "/" + groupId;

    /// <summary>Splits a key made by <see cref="User"/> or <see cref="Room"/>; false for anything else.</summary>
    public static bool TrySplit(string key, out long sdkAppId, out string rest)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        rest = slash < 0 ? "" : key[(slash + 1)..];
        sdkAppId = 0;
        return slash > 0 && long.TryParse(key.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out sdkAppId);
    }
}
