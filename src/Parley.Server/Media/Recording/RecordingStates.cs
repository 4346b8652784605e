namespace Parley.Server.Media.Recording;

/// <summary>The <c>state</c> of a <see cref="RecordingInfo"/>.</summary>
public static class RecordingStates
{
    /// <summary>Being written now, on its node.</summary>
    public const string Recording = "recording";

    /// <summary>Stopped; every file finished.</summary>
    public const string Stopped = "stopped";

    /// <summary>Its node ended without stopping it (killed, crashed): the files play up to their last whole block, without cues.</summary>
    public const string Interrupted = "interrupted";
}
