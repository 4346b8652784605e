namespace Parley.Protocol.Roles;

/// <summary>
/// A named, complete set of uplink audio/video parameters for one platform of one app (R4.1, R4.2).
/// Role names are case-sensitive ASCII, 1-32 characters.
/// </summary>
public sealed record RoleDefinition(string Name, string Platform, VideoParameters Video, AudioParameters Audio, bool IsDefault = false)
{
    /// <summary>Name of the built-in role every platform has (R4.4) unless the app marks another as default.</summary>
    public const string BuiltInDefaultName = "default";

    /// <summary>The built-in default role of a platform: 640x360 at 15 fps, 200-900 kbps; Opus 48 kHz mono 32 kbps.</summary>
    public static RoleDefinition BuiltInDefault(string platform) =>
        new(BuiltInDefaultName, platform, new VideoParameters(640, 360, 15, 200, 900), new AudioParameters(48000, 1, 32), IsDefault: true);
}
