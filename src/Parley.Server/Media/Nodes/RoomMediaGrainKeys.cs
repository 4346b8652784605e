using System.Globalization;
using Parley.Server.Media.Rooms;

namespace Parley.Server.Media.Nodes;

/// <summary>The string key of <see cref="IRoomMediaGrain"/>: <c>"{sdkAppId}:{roomId}"</c>.</summary>
public static class RoomMediaGrainKeys
{
    public static string For(long sdkAppId, long roomId) =>
        string.Create(CultureInfo.InvariantCulture, $"{sdkAppId}:{roomId}");

    internal static RoomMediaKey Parse(string key)
    {
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        return new RoomMediaKey(
            long.Parse(key.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture),
            long.Parse(key.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture));
    }
}
