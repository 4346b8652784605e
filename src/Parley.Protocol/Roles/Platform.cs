namespace Parley.Protocol.Roles;

/// <summary>Terminal platforms roles are configured for (R4.2). Lower-case names on the wire.</summary>
public static class Platform
{
    public const string Web = "web";
    public const string Android = "android";
    public const string Ios = "ios";
    public const string Windows = "windows";
    public const string Mac = "mac";
    public const string Linux = "linux";

    public static IReadOnlyList<string> All { get; } = [Web, Android, Ios, Windows, Mac, Linux];

    /// <summary>Normalizes a platform name (case-insensitive); false when it is not one of <see cref="All"/>.</summary>
    public static bool TryNormalize(string? value, out string platform)
    {
        foreach (var p in All)
        {
            if (string.Equals(p, value, StringComparison.OrdinalIgnoreCase))
            {
                platform = p;
                return true;
            }
        }
        platform = "";
        return false;
    }
}
