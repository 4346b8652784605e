namespace Parley.Server.Media.Recording;

/// <summary>The <c>stopReason</c> of a stopped <see cref="RecordingInfo"/>.</summary>
public static class RecordingStopReasons
{
    /// <summary><c>DELETE …/recording</c> (or <c>parley room record stop</c>).</summary>
    public const string Requested = "requested";

    /// <summary>Nobody was in the room's media for <c>Recording:IdleTimeout</c>.</summary>
    public const string Idle = "idle";

    /// <summary><c>Recording:MaxDuration</c> passed.</summary>
    public const string MaxDuration = "maxDuration";

    /// <summary>The media node shut down (the room's media moves to another node; a new recording must be started there).</summary>
    public const string NodeShutdown = "nodeShutdown";

    /// <summary>The recording's folder could not be written any more (disk full, permissions).</summary>
    public const string WriteFailed = "writeFailed";
}
